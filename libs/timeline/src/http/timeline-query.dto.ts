import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class TimelineQueryDto {
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  /** Comma-separated timeline types, e.g. `referral.raised,consent.granted`. */
  @IsOptional() @IsString() @MaxLength(1000) @Matches(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/, { message: 'types must be a comma-separated list of event types' }) types?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export interface TimelineItemDto {
  id: string;
  at: string;
  type: string;
  source: string;
  summary: string;
  actor: { sub: string; role: string; agencyId?: string };
  subject: { kind: string; id: string };
}

export interface TimelinePageDto {
  items: TimelineItemDto[];
  nextCursor: string | null;
}
