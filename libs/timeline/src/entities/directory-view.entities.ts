import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local copy of directory names, for summaries. Fed by AgencyUpsertedV1. */
@Entity('timeline_agency')
export class DirectoryAgency {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
}

/** Fed by ServiceUpsertedV1. */
@Entity('timeline_service')
export class DirectoryService {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('text') name: string;
}
