import { PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { notFound } from './problem';

/**
 * A path id that is not a UUID names nothing that exists: 404, as for an unknown one (the contract's
 * "unknown"), not 400, so every endpoint answers an impossible id the same way.
 */
export class UuidOrNotFoundPipe implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (!isUUID(value)) throw notFound(this.what);
    return value;
  }
}
