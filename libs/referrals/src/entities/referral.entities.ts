import type { Actor } from '@tellonce/contracts';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Urgency } from '../domain/route-needs';

@Entity('referral')
export class Referral {
  @PrimaryColumn('uuid') id: string;
  /** Insertion order, for stable cursors (set by the database). */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('text') reference: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'hub_id' }) hubId: string;
  @Column('text') channel: string;
  @Column('text') story: string;
  @Column('text') status: 'open' | 'closed';
  /** Set when the referral was opened by a plan stepping up to specialist. */
  @Column('uuid', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('jsonb', { name: 'raised_by' }) raisedBy: Actor;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Entity('referral_need')
export class ReferralNeed {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'referral_id' }) referralId: string;
  @Column('integer') position: number;
  @Column('text') code: string;
  @Column('uuid', { name: 'person_id', nullable: true }) personId: string | null;
  @Column('text') urgency: Urgency;
  @Column('text', { nullable: true }) notes: string | null;
  @Column('uuid', { name: 'route_id', nullable: true }) routeId: string | null;
}

/** One agency's part of a referral: the closed-loop task that agency accepts, progresses and completes. */
@Entity('referral_route')
export class ReferralRoute {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'referral_id' }) referralId: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  /** Order of the route within its referral (the order of its first need). */
  @Column('integer') position: number;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('text', { name: 'service_id' }) serviceId: string;
  @Column('text', { name: 'need_codes', array: true }) needCodes: string[];
  @Column('text') urgency: Urgency;
  @Column('text') status: string;
  /** Bumped on every move; the conditional UPDATE on (status, version) makes concurrent moves safe. */
  @Column('integer') version: number;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

@Entity('route_history')
export class RouteHistory {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) seq: string;
  @Column('uuid', { name: 'route_id' }) routeId: string;
  @Column('text', { name: 'from_status' }) fromStatus: string;
  @Column('text', { name: 'to_status' }) toStatus: string;
  @Column('jsonb') actor: Actor;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}
