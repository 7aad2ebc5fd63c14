import { Column, Entity, PrimaryColumn } from 'typeorm';

/** This service's view of the families topic: which families and people exist (ids only). */
@Entity('known_families')
export class KnownFamily {
  @PrimaryColumn('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'hub_id', nullable: true }) hubId: string | null;
  @Column('timestamptz', { name: 'registered_at', default: () => 'now()' }) registeredAt: Date;
}

@Entity('known_family_members')
export class KnownFamilyMember {
  @PrimaryColumn('text', { name: 'family_id' }) familyId: string;
  @PrimaryColumn('text', { name: 'person_id' }) personId: string;
}
