import { Processor, WorkerHost } from '@nestjs/bullmq';
import { runTraced } from '@tellonce/platform';
import type { Job } from 'bullmq';
import { OverdueScanner, OverdueScanResult } from '../services/overdue-scanner.service';
import { PLANS_QUEUES } from './queue-names';

/**
 * Thin adapter: the repeatable job runs the scan, as a span (child of the job's `traceparent` when
 * one enqueued it, else a new trace) so the overdue events it stages carry the trace on.
 */
@Processor(PLANS_QUEUES.overdueScan)
export class OverdueScanProcessor extends WorkerHost {
  constructor(private readonly scanner: OverdueScanner) {
    super();
  }

  async process(job: Job<{ traceparent?: string } | undefined>): Promise<OverdueScanResult> {
    return runTraced(`job ${job.name}`, job.data?.traceparent, { 'messaging.system': 'bullmq', 'messaging.destination.name': PLANS_QUEUES.overdueScan }, () => this.scanner.scan());
  }
}
