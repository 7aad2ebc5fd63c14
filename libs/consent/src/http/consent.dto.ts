import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CONSENT_PURPOSES, DATA_CATEGORIES, DataCategory } from '@tellonce/contracts';

/** Agency ids come from the directory: opaque, URL-safe. */
const AGENCY_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** A full ISO 8601 date-time with a zone (a bare date is ambiguous for an expiry). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class RecordConsentDto {
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true }) subjectPersonIds: string[];
  @IsUUID() grantedByPersonId: string;
  @IsIn(['permit', 'deny']) decision: 'permit' | 'deny';
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(100) @ArrayUnique() @IsString({ each: true }) @Matches(AGENCY_ID, { each: true, message: 'each value must be an agency id' }) agencyIds: string[];
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn([...CONSENT_PURPOSES], { each: true }) purposes: string[];
  @IsOptional() @IsArray() @ArrayUnique() @IsIn([...DATA_CATEGORIES], { each: true }) dataCategories?: DataCategory[];
  @IsIn(['verbal', 'written', 'online']) method: 'verbal' | 'written' | 'online';
  // The pattern alone let 30 February (rolled over to March) and month 13 or hour 25 (a 500) through.
  @IsOptional() @IsString() @Matches(DATE_TIME, { message: 'must be an ISO 8601 date-time with a time zone' }) @IsISO8601({ strict: true }, { message: 'must be a real date and time' }) expiresAt?: string;
}

export class WithdrawConsentDto {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @Matches(/^\d{1,18}$/, { message: 'is not a valid cursor' }) cursor?: string;
}

export class DecisionQuery {
  @IsUUID() familyId: string;
  @IsString() @Matches(AGENCY_ID, { message: 'must be an agency id' }) agencyId: string;
  @IsOptional() @IsIn([...CONSENT_PURPOSES]) purpose?: string;
  @IsOptional() @IsIn([...DATA_CATEGORIES]) dataCategory?: DataCategory;
  @IsOptional() @IsUUID() personId?: string;
}

export class RecordSafeguardingOverrideDto {
  @IsString() @Matches(AGENCY_ID, { message: 'must be an agency id' }) agencyId: string;
  // At least 20 characters of text: padding with spaces does not make a justification.
  @IsString() @MinLength(20) @MaxLength(5000) @Matches(/^\s*\S[\s\S]{18,}\S\s*$/, { message: 'justification must be at least 20 characters, not counting leading or trailing spaces' }) justification: string;
}

export class AuditQuery extends PageQuery {
  @IsOptional() @IsUUID() familyId?: string;
}

export class AuditVerifyQuery {
  @IsOptional() @IsUUID() familyId?: string;
}
