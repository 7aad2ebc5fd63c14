import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { OverdueScanner, OverdueScanResult } from '../services/overdue-scanner.service';
import { PLANS_QUEUES } from './queue-names';

/** Thin adapter: the repeatable job runs the scan. */
@Processor(PLANS_QUEUES.overdueScan)
export class OverdueScanProcessor extends WorkerHost {
  constructor(private readonly scanner: OverdueScanner) {
    super();
  }

  async process(_job: Job): Promise<OverdueScanResult> {
    return this.scanner.scan();
  }
}
