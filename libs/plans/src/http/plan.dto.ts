import { LEVELS_OF_NEED, LevelOfNeed } from '@tellonce/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Matches,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { IsOptionalNotNull } from '@tellonce/platform';
import { isCalendarDate } from '../domain/calendar-date';
import { ACTION_TARGETS, ActionTarget } from '../domain/action-transitions';

/** yyyy-mm-dd naming a real calendar day. */
function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a calendar date (yyyy-mm-dd) from 1900 to 2200', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) },
    });
}

/** Text a person must have written: not empty, not only spaces. */
const NOT_BLANK = /\S/;
const NotBlank = () => Matches(NOT_BLANK, { message: '$property must not be blank' });


export class LeadPractitionerDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(200) name: string;
  @IsString() @IsNotEmpty() @MaxLength(100) agencyId: string;
}

export class OutcomeDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(2000) description: string;
}

export class NewPlanActionDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(2000) description: string;
  @IsString() @IsNotEmpty() @MaxLength(100) agencyId: string;
  @IsCalendarDate() dueDate: string;
  @IsOptionalNotNull() @IsInt() @Min(0) outcomeIndex?: number;
}

export class CreatePlanDto {
  @IsObject() @ValidateNested() @Type(() => LeadPractitionerDto) leadPractitioner: LeadPractitionerDto;
  @IsIn(LEVELS_OF_NEED) levelOfNeed: LevelOfNeed;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => OutcomeDto) outcomes: OutcomeDto[];
  @IsArray() @ArrayMaxSize(200) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => NewPlanActionDto) actions: NewPlanActionDto[];
  @IsCalendarDate() nextReviewDate: string;
}

export class ClosePlanDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(2000) reason: string;
}

export class AddActionDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(2000) description: string;
  @IsString() @IsNotEmpty() @MaxLength(100) agencyId: string;
  @IsCalendarDate() dueDate: string;
  @IsOptionalNotNull() @IsUUID() outcomeId?: string;
}

export class ActionTransitionDto {
  @IsIn(ACTION_TARGETS) to: ActionTarget;
}

export class AttendeeDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(200) name: string;
  @IsString() @IsNotEmpty() @MaxLength(100) agencyId: string;
}

export class OutcomeProgressDto {
  @IsUUID() outcomeId: string;
  @IsInt() @Min(0) @Max(10) score: number;
}

export class AddReviewDto {
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(10000) summary: string;
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => AttendeeDto) attendees: AttendeeDto[];
  @IsArray() @ArrayMaxSize(50) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => OutcomeProgressDto) outcomeProgress: OutcomeProgressDto[];
  @IsCalendarDate() nextReviewDate: string;
}

export class ChangeLevelDto {
  @IsIn(LEVELS_OF_NEED) to: LevelOfNeed;
  @IsString() @IsNotEmpty() @NotBlank() @MaxLength(2000) reason: string;
}

export class ListPlansQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}
