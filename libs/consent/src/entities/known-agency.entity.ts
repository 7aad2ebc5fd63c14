import { Column, Entity, PrimaryColumn } from 'typeorm';

/** This service's view of the directory topic: which agencies exist and are active (ids only). */
@Entity('known_agencies')
export class KnownAgency {
  @PrimaryColumn('text', { name: 'agency_id' }) agencyId: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
