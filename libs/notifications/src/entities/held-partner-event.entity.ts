import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PartnerEvent } from '../domain/partner-event';

/** A partner event waiting until sharing with its agency is permitted (consent may arrive later). */
@Entity('held_partner_events')
@Index('held_partner_events_family_agency', ['familyId', 'agencyId'])
export class HeldPartnerEvent {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('jsonb') event: PartnerEvent;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
