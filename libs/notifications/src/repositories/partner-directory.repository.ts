import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PartnerAgency } from '../entities/partner-agency.entity';
import { PlanView } from '../entities/plan-view.entity';
import { RouteView } from '../entities/route-view.entity';

export interface DeliveryTargets {
  subscriptionIds: string[];
  kafka: Pick<PartnerAgency, 'active' | 'kafkaEnabled' | 'kafkaEventTypes' | 'topicReady'> | null;
}

/** Agencies (Kafka delivery, inbox address), routes and plans as this service needs them. */
@Injectable()
export class PartnerDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Where a partner event for this agency goes, in one round trip (it runs for every event sent):
   * the ids of its active subscriptions that asked for the type, oldest first, and its Kafka
   * delivery settings (null when the agency is not known here yet).
   */
  async deliveryTargets(manager: EntityManager, agencyId: string, eventType: string): Promise<DeliveryTargets> {
    const [row]: { subscription_ids: string[]; agency: { active: boolean; kafkaEnabled: boolean; kafkaEventTypes: string[]; topicReady: boolean } | null }[] = await manager.query(
      `SELECT
         ARRAY(SELECT id::text FROM webhook_subscriptions WHERE agency_id = $1 AND status = 'active' AND $2 = ANY(event_types) ORDER BY created_at) AS subscription_ids,
         (SELECT json_build_object('active', active, 'kafkaEnabled', kafka_enabled, 'kafkaEventTypes', kafka_event_types, 'topicReady', topic_ready)
            FROM partner_agencies WHERE agency_id = $1) AS agency`,
      [agencyId, eventType],
    );
    return { subscriptionIds: row.subscription_ids, kafka: row.agency };
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

  async upsertRoute(manager: EntityManager, route: Omit<RouteView, 'sharedWithAgency'>): Promise<void> {
    await manager.query(
      `INSERT INTO route_views (route_id, referral_id, reference, hub_id, agency_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (route_id) DO UPDATE SET reference = COALESCE(EXCLUDED.reference, route_views.reference), hub_id = COALESCE(EXCLUDED.hub_id, route_views.hub_id)`,
      [route.routeId, route.referralId, route.reference, route.hubId, route.agencyId],
    );
  }

  findRoute(manager: EntityManager, routeId: string): Promise<RouteView | null> {
    return manager.getRepository(RouteView).findOne({ where: { routeId } });
  }

  /** Returns the route's reference as it marks it (one round trip where a read followed). */
  async markRouteShared(manager: EntityManager, routeId: string): Promise<{ reference: string | null } | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = (await manager.query(`UPDATE route_views SET shared_with_agency = true WHERE route_id = $1 RETURNING reference`, [routeId])) as [{ reference: string | null }[], number];
    return rows[0] ?? null;
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
