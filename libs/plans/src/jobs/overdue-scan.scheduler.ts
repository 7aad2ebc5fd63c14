import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HealthRegistry } from '@tellonce/platform';
import type { Queue } from 'bullmq';
import { PLANS_OPTIONS, PlansOptions } from '../services/plans.options';
import { OVERDUE_SCAN_JOB, OVERDUE_SCAN_SCHEDULER_ID, PLANS_QUEUES } from './queue-names';

/** Registers the repeatable overdue scan (idempotent upsert: replicas share one schedule). */
@Injectable()
export class OverdueScanScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(PLANS_QUEUES.overdueScan) private readonly queue: Queue,
    @Inject(PLANS_OPTIONS) private readonly options: PlansOptions,
    health: HealthRegistry,
  ) {
    health.register('redis', async () => {
      await this.queue.getJobCounts('waiting');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.overdueScanEveryMs <= 0) {
      await this.queue.removeJobScheduler(OVERDUE_SCAN_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(
      OVERDUE_SCAN_SCHEDULER_ID,
      { every: this.options.overdueScanEveryMs },
      { name: OVERDUE_SCAN_JOB, opts: { removeOnComplete: 100, removeOnFail: 500, attempts: 3, backoff: { type: 'exponential', delay: 5000 } } },
    );
  }
}
