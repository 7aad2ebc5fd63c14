import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, NEED_CODES, RELATIONSHIPS, ROUTE_STATUSES } from '@tellonce/contracts';
import type { Channel, Relationship, RouteStatus } from '@tellonce/contracts';
import { hubDayOf, IsOptionalNotNull } from '@tellonce/platform';
import { dateOfBirthProblem, expectedDueDateProblem } from '../domain/member-dates';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'must be a lowercase slug like citizens-advice-north';

/** A member's date, judged by a domain rule that says what is wrong with it (or null). */
function IsMemberDate(problemOf: (value: unknown) => string | null) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isMemberDate',
      target: target.constructor,
      propertyName,
      validator: { validate: (value: unknown) => problemOf(value) === null, defaultMessage: (args) => problemOf(args?.value) ?? 'is not a valid date' },
    });
}

// Directory -------------------------------------------------------------------------------------

export class CreateAgencyDto {
  @IsOptional() @IsString() @MaxLength(60) @Matches(SLUG, { message: SLUG_MESSAGE }) id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(['statutory', 'health', 'voluntary']) kind: 'statutory' | 'health' | 'voluntary';
  @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateAgencyDto {
  @IsOptionalNotNull() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptionalNotNull() @IsIn(['statutory', 'health', 'voluntary']) kind?: 'statutory' | 'health' | 'voluntary';
  @IsOptionalNotNull() @IsBoolean() active?: boolean;
}

export class CreateServiceDto {
  @IsOptionalNotNull() @IsString() @MaxLength(80) @Matches(SLUG, { message: SLUG_MESSAGE }) id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsString() @Matches(SLUG, { message: SLUG_MESSAGE }) agencyId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @IsIn(NEED_CODES, { each: true }) needs: string[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) hubIds: string[];
  @IsOptionalNotNull() @IsIn(['active', 'inactive']) status?: 'active' | 'inactive';
  @IsOptionalNotNull() @IsIn(['open', 'waitlist', 'closed']) capacity?: 'open' | 'waitlist' | 'closed';
}

export class UpdateServiceDto {
  @IsOptionalNotNull() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptionalNotNull() @IsString() @Matches(SLUG, { message: SLUG_MESSAGE }) agencyId?: string;
  @IsOptionalNotNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @IsIn(NEED_CODES, { each: true }) needs?: string[];
  @IsOptionalNotNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) hubIds?: string[];
  @IsOptionalNotNull() @IsIn(['active', 'inactive']) status?: 'active' | 'inactive';
  @IsOptionalNotNull() @IsIn(['open', 'waitlist', 'closed']) capacity?: 'open' | 'waitlist' | 'closed';
}

export class ServicesQueryDto {
  @IsOptional() @IsIn(NEED_CODES) need?: string;
  @IsOptional() @IsString() @MaxLength(100) hubId?: string;
}

// Families --------------------------------------------------------------------------------------

export class MemberDto {
  @IsString() @MinLength(1) @MaxLength(100) givenName: string;
  @IsString() @MinLength(1) @MaxLength(100) familyName: string;
  @IsOptional() @IsMemberDate((value) => dateOfBirthProblem(value, hubDayOf(new Date()))) dateOfBirth?: string;
  @IsOptional() @IsMemberDate(expectedDueDateProblem) expectedDueDate?: string;
  @IsIn(RELATIONSHIPS) relationship: Relationship;
  @IsBoolean() livesInHousehold: boolean;
  @IsOptional() @Matches(/^\d{10}$/, { message: 'must be 10 digits' }) nhsNumber?: string;
}

export class AddressDto {
  @IsString() @Matches(/^[A-Za-z0-9 ]{2,10}$/, { message: 'must be a UK postcode' }) postcode: string;
  @IsOptional() @IsString() @MaxLength(200) line1?: string;
}

export class ContactDto {
  @IsOptional() @IsString() @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number' }) phone?: string;
  @IsOptional() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email?: string;
}

export class RegisterFamilyDto {
  @IsString() @MinLength(1) @MaxLength(100) hubId: string;
  // ValidateNested alone lets a missing value through and walks into an array as if it were the
  // object: IsObject refuses both (a missing address, or [{ postcode }], was a 500).
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => MemberDto) members: MemberDto[];
  @IsObject() @ValidateNested() @Type(() => AddressDto) address: AddressDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
}

export class FamilySearchQueryDto {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

// Referrals -------------------------------------------------------------------------------------

export class NeedDto {
  @IsIn(NEED_CODES) code: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsIn(['routine', 'urgent']) urgency: 'routine' | 'urgent';
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class RaiseReferralDto {
  @IsUUID() familyId: string;
  @IsString() @MinLength(1) @MaxLength(100) hubId: string;
  @IsIn(CHANNELS) channel: Channel;
  @IsString() @MinLength(1) @MaxLength(20000) story: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => NeedDto) needs: NeedDto[];
}

export class TransitionDto {
  @IsIn(ROUTE_STATUSES) to: RouteStatus;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @IsOptional() @IsString() @MaxLength(2000) outcome?: string;
}

export class ReferralListQueryDto {
  @IsOptional() @IsUUID() familyId?: string;
  /** A referral status (`open`, `closed`), or a route status: referrals with a route in it (an agency: its own route). */
  @IsOptional() @IsIn(['open', 'closed', ...ROUTE_STATUSES]) status?: string;
  @IsOptional() @IsString() @MaxLength(60) agencyId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
