import { ValidateIf } from 'class-validator';
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, FieldError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator's "property x should not exist" names the field, never its value.
      out.push({ field, message: message.replace(/^property .* should not exist$/, 'is not a known field') });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Unknown fields are rejected; every message names a field, never echoes a value. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequest('The request is not valid.', flatten(errors)),
  });
}

/**
 * Optional, but when present must be valid: `null` is not "left out". class-validator's IsOptional
 * skips null too, and a null then reaches a NOT NULL column or the service's code (a 500).
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
