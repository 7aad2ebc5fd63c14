import { Injectable } from '@nestjs/common';
import type { PlanActionStatus } from '@tellonce/contracts';
import { EntityManager, In, QueryFailedError } from 'typeorm';
import { PlanActionEntity, PlanEntity, PlanLevelChangeEntity, PlanOutcomeEntity, PlanReviewEntity } from '../entities';

export interface PlanAggregate {
  plan: PlanEntity;
  outcomes: PlanOutcomeEntity[];
  actions: PlanActionEntity[];
  reviews: PlanReviewEntity[];
  levelChanges: PlanLevelChangeEntity[];
}

export interface PlanPageCursor {
  createdAt: string;
  id: string;
}

export interface OverdueActionRow {
  actionId: string;
  planId: string;
  familyId: string;
  agencyId: string;
  dueDate: string;
}

export interface OverdueReviewRow {
  planId: string;
  familyId: string;
  nextReviewDate: string;
}

export class OpenPlanExistsError extends Error {}

/** Data access for plans and their parts. Every method takes the caller's manager (its transaction). */
@Injectable()
export class PlansRepository {
  async insertPlan(manager: EntityManager, plan: PlanEntity, outcomes: PlanOutcomeEntity[], actions: PlanActionEntity[]): Promise<void> {
    try {
      await manager.insert(PlanEntity, plan);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new OpenPlanExistsError();
      throw error;
    }
    if (outcomes.length) await manager.insert(PlanOutcomeEntity, outcomes);
    if (actions.length) await manager.insert(PlanActionEntity, actions);
  }

  findOpenForFamily(manager: EntityManager, familyId: string): Promise<PlanEntity | null> {
    return manager.findOne(PlanEntity, { where: { familyId, status: 'open' } });
  }

  /** With `lock`, the row is held FOR UPDATE until the transaction ends: changes to one plan are serialised. */
  findPlan(manager: EntityManager, id: string, lock = false): Promise<PlanEntity | null> {
    return manager.findOne(PlanEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async savePlan(manager: EntityManager, plan: PlanEntity): Promise<void> {
    await manager.save(PlanEntity, plan);
  }

  /** Sequential on purpose: inside a transaction the manager has one connection, which takes one query at a time. */
  async loadAggregate(manager: EntityManager, plan: PlanEntity): Promise<PlanAggregate> {
    const outcomes = await manager.find(PlanOutcomeEntity, { where: { planId: plan.id }, order: { position: 'ASC' } });
    const actions = await manager.find(PlanActionEntity, { where: { planId: plan.id }, order: { position: 'ASC' } });
    const reviews = await manager.find(PlanReviewEntity, { where: { planId: plan.id }, order: { heldAt: 'ASC', id: 'ASC' } });
    const levelChanges = await manager.find(PlanLevelChangeEntity, { where: { planId: plan.id }, order: { changedAt: 'ASC', id: 'ASC' } });
    return { plan, outcomes, actions, reviews, levelChanges };
  }

  findOutcomes(manager: EntityManager, planId: string): Promise<PlanOutcomeEntity[]> {
    return manager.find(PlanOutcomeEntity, { where: { planId }, order: { position: 'ASC' } });
  }

  findAction(manager: EntityManager, planId: string, actionId: string): Promise<PlanActionEntity | null> {
    return manager.findOne(PlanActionEntity, { where: { planId, id: actionId } });
  }

  /** Which of these plans have at least one action for the agency. */
  async plansWithActionsFor(manager: EntityManager, planIds: string[], agencyId: string): Promise<Set<string>> {
    if (planIds.length === 0) return new Set();
    const rows = await manager.find(PlanActionEntity, { where: { planId: In(planIds), agencyId }, select: { planId: true } });
    return new Set(rows.map((r) => r.planId));
  }

  /** Call with the plan row locked (PlanChangeRunner does), so two additions cannot take the same place. */
  async nextActionPosition(manager: EntityManager, planId: string): Promise<number> {
    const [{ next }] = await manager.query('SELECT COALESCE(MAX(position) + 1, 0)::int AS next FROM plan_actions WHERE plan_id = $1', [planId]);
    return next;
  }

  async insertAction(manager: EntityManager, action: PlanActionEntity): Promise<void> {
    await manager.insert(PlanActionEntity, action);
  }

  async updateActionStatus(manager: EntityManager, action: PlanActionEntity, status: PlanActionStatus, at: Date): Promise<void> {
    await manager.update(PlanActionEntity, { id: action.id }, { status, updatedAt: at });
    action.status = status;
    action.updatedAt = at;
  }

  async insertReview(manager: EntityManager, review: PlanReviewEntity): Promise<void> {
    await manager.insert(PlanReviewEntity, review);
  }

  async insertLevelChange(manager: EntityManager, change: PlanLevelChangeEntity): Promise<void> {
    await manager.insert(PlanLevelChangeEntity, change);
  }

  /** A family's plans, newest first, keyset-paginated; `onlyWithActionsFor` keeps plans holding that agency's actions. */
  async listForFamily(manager: EntityManager, familyId: string, limit: number, cursor: PlanPageCursor | null, onlyWithActionsFor?: string): Promise<PlanEntity[]> {
    const query = manager.createQueryBuilder(PlanEntity, 'p').where('p.family_id = :familyId', { familyId });
    if (cursor) query.andWhere('(p.created_at, p.id) < (:createdAt, :id)', { createdAt: cursor.createdAt, id: cursor.id });
    if (onlyWithActionsFor) {
      query.andWhere('EXISTS (SELECT 1 FROM plan_actions a WHERE a.plan_id = p.id AND a.agency_id = :agencyId)', { agencyId: onlyWithActionsFor });
    }
    return query.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).getMany();
  }

  /** Outstanding actions on open plans past their due date that have not been announced yet. */
  findUnannouncedOverdueActions(manager: EntityManager, today: string, limit: number): Promise<OverdueActionRow[]> {
    return manager.query(
      `SELECT a.id AS "actionId", a.plan_id AS "planId", p.family_id AS "familyId", a.agency_id AS "agencyId", a.due_date::text AS "dueDate"
         FROM plan_actions a JOIN plans p ON p.id = a.plan_id
        WHERE p.status = 'open' AND a.status IN ('open', 'in-progress', 'blocked') AND a.due_date < $1::date
          AND NOT EXISTS (SELECT 1 FROM overdue_notices n WHERE n.kind = 'action' AND n.item_id = a.id AND n.due_date = a.due_date)
        ORDER BY a.due_date, a.id LIMIT $2`,
      [today, limit],
    );
  }

  /** Open plans past their next review date that have not been announced for that date yet. */
  findUnannouncedOverdueReviews(manager: EntityManager, today: string, limit: number): Promise<OverdueReviewRow[]> {
    return manager.query(
      `SELECT p.id AS "planId", p.family_id AS "familyId", p.next_review_date::text AS "nextReviewDate"
         FROM plans p
        WHERE p.status = 'open' AND p.next_review_date < $1::date
          AND NOT EXISTS (SELECT 1 FROM overdue_notices n WHERE n.kind = 'review' AND n.item_id = p.id AND n.due_date = p.next_review_date)
        ORDER BY p.next_review_date, p.id LIMIT $2`,
      [today, limit],
    );
  }

  /** Claims the right to announce one overdue item; false when another scan already did. */
  async claimOverdueNotice(manager: EntityManager, kind: 'action' | 'review', itemId: string, dueDate: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'INSERT INTO overdue_notices (kind, item_id, due_date, emitted_at) VALUES ($1, $2, $3::date, $4) ON CONFLICT DO NOTHING RETURNING item_id',
      [kind, itemId, dueDate, at],
    );
    return rows.length > 0;
  }
}
