import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AgencyKind = 'statutory' | 'health' | 'voluntary';
export type HubKind = 'hub' | 'network-point';

/** A Family Hub or a network point (spoke) that belongs to one. */
@Entity('hub')
export class Hub {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text') kind: HubKind;
  @Column('text', { name: 'parent_hub_id', nullable: true }) parentHubId: string | null;
}

/** An organisation in the directory (Open Referral UK "organization"). Ids are slugs. */
@Entity('agency')
export class Agency {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text') kind: AgencyKind;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** A service an agency offers for some needs at some hubs. */
@Entity('directory_service')
export class DirectoryService {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('text', { array: true }) needs: string[];
  @Column('text', { name: 'hub_ids', array: true }) hubIds: string[];
  @Column('text') status: 'active' | 'inactive';
  @Column('text') capacity: 'open' | 'waitlist' | 'closed';
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
