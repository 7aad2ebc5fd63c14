import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('family')
export class Family {
  @PrimaryColumn('uuid') id: string;
  /** Insertion order, for stable cursors (set by the database). */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('text') reference: string;
  @Column('text', { name: 'hub_id' }) hubId: string;
  @Column('text') postcode: string;
  @Column('text', { name: 'postcode_key' }) postcodeKey: string;
  @Column('text', { name: 'address_line1', nullable: true }) addressLine1: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/** A person in a family. Names are also kept normalised (keys) for duplicate detection and search. */
@Entity('family_member')
export class FamilyMember {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'given_name' }) givenName: string;
  @Column('text', { name: 'family_name' }) familyName: string;
  @Column('text', { name: 'given_key' }) givenKey: string;
  @Column('text', { name: 'family_key' }) familyKey: string;
  /** ISO yyyy-mm-dd kept as text: no time zone can shift a birthday. */
  @Column('text', { name: 'date_of_birth', nullable: true }) dateOfBirth: string | null;
  @Column('text', { name: 'expected_due_date', nullable: true }) expectedDueDate: string | null;
  @Column('text') relationship: string;
  @Column('boolean', { name: 'lives_in_household' }) livesInHousehold: boolean;
  @Column('text', { name: 'nhs_number', nullable: true }) nhsNumber: string | null;
  @Column('integer') position: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
