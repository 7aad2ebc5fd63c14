import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PARTNER_EVENT_TYPES } from '../domain/partner-event-types';

export class CreateSubscriptionDto {
  @IsString() @MaxLength(2048) url: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn([...PARTNER_EVENT_TYPES], { each: true }) eventTypes: string[];
  @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class ReplayDto {
  @IsISO8601({ strict: true }) since: string;
}

export class KafkaDeliveryDto {
  @IsBoolean() enabled: boolean;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn([...PARTNER_EVENT_TYPES], { each: true }) eventTypes?: string[];
}

/** The list convention's query, shared by every list. */
export { PageQueryDto } from '@tellonce/platform';
