import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PlanActionOverdueV1, PlanReviewOverdueV1 } from '@tellonce/contracts';
import { EventPublisher } from '@tellonce/messaging';
import type { DataSource } from 'typeorm';
import { calendarDateOf } from '../domain/calendar-date';
import { CLOCK, Clock } from '../domain/clock';
import { PlansRepository } from '../repositories/plans.repository';

export interface OverdueScanResult {
  today: string;
  actionsAnnounced: number;
  reviewsAnnounced: number;
}

const BATCH = 200;

/**
 * Finds outstanding actions past their due date and open plans past their review date, and emits
 * one overdue event per item and date. The notice row and the event commit together, so two scans
 * running at once (replicas, a manual run) still announce each item once.
 */
@Injectable()
export class OverdueScanner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansRepository,
    private readonly publisher: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async scan(): Promise<OverdueScanResult> {
    const now = this.clock.now();
    const today = calendarDateOf(now);
    let actionsAnnounced = 0;
    let reviewsAnnounced = 0;
    for (;;) {
      const rows = await this.plans.findUnannouncedOverdueActions(this.dataSource.manager, today, BATCH);
      for (const row of rows) {
        const announced = await this.dataSource.transaction(async (manager) => {
          if (!(await this.plans.claimOverdueNotice(manager, 'action', row.actionId, row.dueDate, now))) return false;
          await this.publisher.stage(
            manager,
            PlanActionOverdueV1,
            { planId: row.planId, familyId: row.familyId, actionId: row.actionId, agencyId: row.agencyId, dueDate: row.dueDate },
            { key: row.familyId, time: now },
          );
          return true;
        });
        if (announced) actionsAnnounced++;
      }
      if (rows.length < BATCH) break;
    }
    for (;;) {
      const rows = await this.plans.findUnannouncedOverdueReviews(this.dataSource.manager, today, BATCH);
      for (const row of rows) {
        const announced = await this.dataSource.transaction(async (manager) => {
          if (!(await this.plans.claimOverdueNotice(manager, 'review', row.planId, row.nextReviewDate, now))) return false;
          await this.publisher.stage(manager, PlanReviewOverdueV1, { planId: row.planId, familyId: row.familyId, nextReviewDate: row.nextReviewDate }, { key: row.familyId, time: now });
          return true;
        });
        if (announced) reviewsAnnounced++;
      }
      if (rows.length < BATCH) break;
    }
    return { today, actionsAnnounced, reviewsAnnounced };
  }
}
