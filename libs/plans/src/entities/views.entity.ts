import type { DataCategory } from '@tellonce/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local copy of the directory's agencies (AgencyUpsertedV1): plans validate agency ids against it. */
@Entity('known_agencies')
export class KnownAgencyEntity {
  @PrimaryColumn('text', { name: 'agency_id' }) agencyId: string;
  @Column('text') kind: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Local copy of registered families (FamilyRegisteredV1): ids only. */
@Entity('known_families')
export class KnownFamilyEntity {
  @PrimaryColumn('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'hub_id' }) hubId: string;
  @Column('timestamptz', { name: 'registered_at' }) registeredAt: Date;
}

/** Local sharing view (ids and codes only), fed by consent events; decided by @tellonce/sharing-policy. */
@Entity('sharing_consents')
export class SharingConsentEntity {
  @PrimaryColumn('uuid', { name: 'consent_id' }) consentId: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text') decision: 'permit' | 'deny';
  @Column('jsonb', { name: 'subject_person_ids' }) subjectPersonIds: string[];
  @Column('jsonb', { name: 'agency_ids' }) agencyIds: string[];
  @Column('jsonb') purposes: string[];
  @Column('jsonb', { name: 'data_categories' }) dataCategories: DataCategory[];
  @Column('text') status: 'active' | 'withdrawn' | 'expired';
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('sharing_overrides')
export class SharingOverrideEntity {
  @PrimaryColumn('uuid', { name: 'override_id' }) overrideId: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** What the overdue scan has already announced: one event per action due date / plan review date. */
@Entity('overdue_notices')
export class OverdueNoticeEntity {
  @PrimaryColumn('text') kind: 'action' | 'review';
  @PrimaryColumn('uuid', { name: 'item_id' }) itemId: string;
  @PrimaryColumn('date', { name: 'due_date' }) dueDate: string;
  @Column('timestamptz', { name: 'emitted_at' }) emittedAt: Date;
}

