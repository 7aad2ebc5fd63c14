import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PartnerAgency } from '../entities/partner-agency.entity';
import { PlanView } from '../entities/plan-view.entity';
import { RouteView } from '../entities/route-view.entity';

export interface DeliveryTargets {
  subscriptionIds: string[];
  kafka: Pick<PartnerAgency, 'active' | 'kafkaEnabled' | 'kafkaEventTypes' | 'topicReady'> | null;
  /** For an event about a route: the route as marked shared (null when it is not known here). */
  route?: { reference: string | null } | null;
}

/** A route as an event describes it (reference and hub only on the raise). */
export type RouteViewInput = Omit<RouteView, 'sharedWithAgency'>;

/** A later event never blanks what an earlier one told (the raise carries reference and hub, moves do not). */
const COMPLETE_ROUTE_VIEW = 'reference = COALESCE(EXCLUDED.reference, route_views.reference), hub_id = COALESCE(EXCLUDED.hub_id, route_views.hub_id)';

/** Agencies (Kafka delivery, inbox address), routes and plans as this service needs them. */
@Injectable()
export class PartnerDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Where a partner event for this agency goes, in one round trip (it runs for every event sent):
   * the ids of its active subscriptions that asked for the type, oldest first, and its Kafka
   * delivery settings (null when the agency is not known here yet).
   *
   * For an event about a route, the same statement marks the route as shared with its agency and
   * answers its referral reference (`route`: null when the route is not known here). `knownRoute`,
   * when the caller has the route's details, creates or completes the route's view as it marks it.
   */
  async deliveryTargets(manager: EntityManager, agencyId: string, eventType: string, routeId?: string, knownRoute?: RouteViewInput): Promise<DeliveryTargets> {
    const params: unknown[] = [agencyId, eventType];
    let marked = '';
    if (knownRoute) {
      params.push(knownRoute.routeId, knownRoute.referralId, knownRoute.reference, knownRoute.hubId, knownRoute.agencyId);
      marked = `WITH marked AS (
         INSERT INTO route_views (route_id, referral_id, reference, hub_id, agency_id, shared_with_agency) VALUES ($3, $4, $5, $6, $7, true)
         ON CONFLICT (route_id) DO UPDATE SET shared_with_agency = true, ${COMPLETE_ROUTE_VIEW}
         RETURNING reference)`;
    } else if (routeId) {
      params.push(routeId);
      marked = `WITH marked AS (UPDATE route_views SET shared_with_agency = true WHERE route_id = $3 RETURNING reference)`;
    }
    const [row]: { subscription_ids: string[]; agency: DeliveryTargets['kafka']; route: { reference: string | null } | null }[] = await manager.query(
      `${marked}
       SELECT
         ARRAY(SELECT id::text FROM webhook_subscriptions WHERE agency_id = $1 AND status = 'active' AND $2 = ANY(event_types) ORDER BY created_at) AS subscription_ids,
         (SELECT json_build_object('active', active, 'kafkaEnabled', kafka_enabled, 'kafkaEventTypes', kafka_event_types, 'topicReady', topic_ready)
            FROM partner_agencies WHERE agency_id = $1) AS agency,
         ${marked ? `(SELECT json_build_object('reference', reference) FROM marked)` : 'NULL::json'} AS route`,
      params,
    );
    return { subscriptionIds: row.subscription_ids, kafka: row.agency, ...(marked ? { route: row.route } : {}) };
  }

  findAgency(manager: EntityManager, agencyId: string): Promise<PartnerAgency | null> {
    return manager.getRepository(PartnerAgency).findOne({ where: { agencyId } });
  }

  async upsertAgencyState(manager: EntityManager, agencyId: string, active: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO partner_agencies (agency_id, active, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (agency_id) DO UPDATE SET active = EXCLUDED.active, updated_at = now()`,
      [agencyId, active],
    );
  }

  async setTopicReady(manager: EntityManager, agencyId: string): Promise<void> {
    await manager.query(`UPDATE partner_agencies SET topic_ready = true, updated_at = now() WHERE agency_id = $1`, [agencyId]);
  }

  async setKafkaDelivery(agencyId: string, enabled: boolean, eventTypes: string[]): Promise<PartnerAgency> {
    const manager = this.dataSource.manager;
    await manager.query(
      `INSERT INTO partner_agencies (agency_id, active, kafka_enabled, kafka_event_types, updated_at) VALUES ($1, true, $2, $3, now())
       ON CONFLICT (agency_id) DO UPDATE SET kafka_enabled = EXCLUDED.kafka_enabled, kafka_event_types = EXCLUDED.kafka_event_types, updated_at = now()`,
      [agencyId, enabled, eventTypes],
    );
    return (await this.findAgency(manager, agencyId))!;
  }

  /** The routes' views, in one statement (a referral's routes arrive together). */
  async upsertRoutes(manager: EntityManager, routes: RouteViewInput[]): Promise<void> {
    if (routes.length === 0) return;
    await manager.query(
      `INSERT INTO route_views (route_id, referral_id, reference, hub_id, agency_id)
       SELECT route_id, referral_id, reference, hub_id, agency_id
         FROM jsonb_to_recordset($1::jsonb) AS r(route_id text, referral_id text, reference text, hub_id text, agency_id text)
       ON CONFLICT (route_id) DO UPDATE SET ${COMPLETE_ROUTE_VIEW}`,
      [JSON.stringify(routes.map((r) => ({ route_id: r.routeId, referral_id: r.referralId, reference: r.reference, hub_id: r.hubId, agency_id: r.agencyId })))],
    );
  }

  findRoute(manager: EntityManager, routeId: string): Promise<RouteView | null> {
    return manager.getRepository(RouteView).findOne({ where: { routeId } });
  }

  async upsertPlan(manager: EntityManager, plan: PlanView): Promise<void> {
    await manager.query(
      `INSERT INTO plan_views (plan_id, family_id, lead_agency_id, hub_id) VALUES ($1, $2, $3, $4) ON CONFLICT (plan_id) DO NOTHING`,
      [plan.planId, plan.familyId, plan.leadAgencyId, plan.hubId],
    );
  }

  findPlan(manager: EntityManager, planId: string): Promise<PlanView | null> {
    return manager.getRepository(PlanView).findOne({ where: { planId } });
  }
}
