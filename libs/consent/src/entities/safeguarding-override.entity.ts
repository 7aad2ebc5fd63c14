import type { Actor } from '@tellonce/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A safeguarding lead's decision to share with one agency without consent. The justification stays here. */
@Entity('safeguarding_overrides')
@Index('safeguarding_overrides_family_agency', ['familyId', 'agencyId'])
export class SafeguardingOverride {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('text') justification: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('jsonb', { name: 'recorded_by' }) recordedBy: Actor;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
