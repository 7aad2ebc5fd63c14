import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What notifications need about a route: its referral's reference and hub, and whether its agency was told of it. */
@Entity('route_views')
export class RouteView {
  @PrimaryColumn('text', { name: 'route_id' }) routeId: string;
  @Column('text', { name: 'referral_id' }) referralId: string;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('text', { name: 'hub_id', nullable: true }) hubId: string | null;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('boolean', { name: 'shared_with_agency' }) sharedWithAgency: boolean;
}
