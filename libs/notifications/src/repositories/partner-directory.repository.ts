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

/** A partner event to find targets for: its agency, its type, and its route when it is about one. */
export interface TargetRequest {
  agencyId: string;
  eventType: string;
  routeId?: string;
}

/** A later event never blanks what an earlier one told (the raise carries reference and hub, moves do not). */
const COMPLETE_ROUTE_VIEW = 'reference = COALESCE(EXCLUDED.reference, route_views.reference), hub_id = COALESCE(EXCLUDED.hub_id, route_views.hub_id)';

/** Agencies (Kafka delivery, inbox address), routes and plans as this service needs them. */
@Injectable()
export class PartnerDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Where each partner event goes, for all the events of one source event in one round trip (it
   * runs for every event handled): for each request, the ids of its agency's active subscriptions
   * that asked for the type, oldest first, and the agency's Kafka delivery settings (null when the
   * agency is not known here yet).
   *
   * The same statement records `routes` (the views the source event tells; `shared` marks the ones
   * its agency is now told of, and a route once shared stays shared), marks the route of every
   * other request about a route as shared, and answers each such route's referral reference
   * (`route`: null when the route is not known here).
   */
  async deliveryTargets(manager: EntityManager, requests: TargetRequest[], routes: (RouteViewInput & { shared: boolean })[] = []): Promise<DeliveryTargets[]> {
    if (requests.length === 0 && routes.length === 0) return [];
    const rows: { subscription_ids: string[]; agency: DeliveryTargets['kafka']; route_id: string | null; route: { reference: string | null } | null }[] = await manager.query(
      `WITH request AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, agency_id text, event_type text, route_id text)
       ), recorded AS (
         INSERT INTO route_views (route_id, referral_id, reference, hub_id, agency_id, shared_with_agency)
         SELECT route_id, referral_id, reference, hub_id, agency_id, shared
           FROM jsonb_to_recordset($2::jsonb) AS k(route_id text, referral_id text, reference text, hub_id text, agency_id text, shared boolean)
         ON CONFLICT (route_id) DO UPDATE SET shared_with_agency = route_views.shared_with_agency OR EXCLUDED.shared_with_agency, ${COMPLETE_ROUTE_VIEW}
         RETURNING route_id, reference
       ), marked AS (
         UPDATE route_views SET shared_with_agency = true
          WHERE route_id IN (SELECT route_id FROM request) AND route_id <> ALL($3::text[])
         RETURNING route_id, reference
       ), route AS (SELECT route_id, reference FROM recorded UNION ALL SELECT route_id, reference FROM marked)
       SELECT
         ARRAY(SELECT s.id::text FROM webhook_subscriptions s WHERE s.agency_id = r.agency_id AND s.status = 'active' AND r.event_type = ANY(s.event_types) ORDER BY s.created_at) AS subscription_ids,
         (SELECT json_build_object('active', a.active, 'kafkaEnabled', a.kafka_enabled, 'kafkaEventTypes', a.kafka_event_types, 'topicReady', a.topic_ready)
            FROM partner_agencies a WHERE a.agency_id = r.agency_id) AS agency,
         r.route_id,
         (SELECT json_build_object('reference', route.reference) FROM route WHERE route.route_id = r.route_id) AS route
       FROM request r ORDER BY r.n`,
      [
        JSON.stringify(requests.map((r, n) => ({ n, agency_id: r.agencyId, event_type: r.eventType, route_id: r.routeId ?? null }))),
        JSON.stringify(routes.map((r) => ({ route_id: r.routeId, referral_id: r.referralId, reference: r.reference, hub_id: r.hubId, agency_id: r.agencyId, shared: r.shared }))),
        routes.map((r) => r.routeId),
      ],
    );
    return rows.map((row) => ({ subscriptionIds: row.subscription_ids, kafka: row.agency, ...(row.route_id ? { route: row.route } : {}) }));
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
