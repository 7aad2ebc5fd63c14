import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConsentExpiredV1, SYSTEM_ACTOR } from '@tellonce/contracts';
import { EventPublisher } from '@tellonce/messaging';
import { LOGGER } from '@tellonce/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Clock, CLOCK } from '../domain/clock';
import { ConsentRecordsRepository } from '../repositories/consent-records.repository';
import { SharingBasisCalculator } from './sharing-basis.calculator';
import { CONSENT_MODULE_OPTIONS, ConsentModuleOptions } from './consent-module-options';

const BATCH_SIZE = 100;

/**
 * Marks consents whose expiresAt has passed as expired and announces it (ConsentExpiredV1).
 * Runs every CONSENT_EXPIRY_SWEEP_MS; replicas can sweep at once (rows are locked SKIP LOCKED).
 * Decisions never wait for the sweep: decideSharing already ignores a record past its expiresAt.
 */
@Injectable()
export class ConsentExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: ConsentRecordsRepository,
    private readonly basis: SharingBasisCalculator,
    private readonly publisher: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONSENT_MODULE_OPTIONS) private readonly options: ConsentModuleOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.expirySweepMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error: Error) => {
          this.logger.warn({ err: error.message }, 'consent expiry sweep failed; will retry');
          return 0;
        })
        .finally(() => {
          this.running = null;
        });
    }, this.options.expirySweepMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Expires every active consent due at `at` (the clock's now by default); returns how many. */
  async sweep(at: Date = this.clock.now()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.dataSource.transaction(async (manager) => {
        const due = await this.records.findDueToExpireForUpdate(manager, at, BATCH_SIZE);
        for (const record of due) {
          const expiredAt = record.expiresAt ?? at;
          await this.records.changeStatus(manager, record, { status: 'expired', at: expiredAt, actor: SYSTEM_ACTOR, reason: 'expired' });
          const agencyIdsNoLongerPermitted = await this.basis.agenciesLeftWithoutBasis(manager, record, at);
          await this.publisher.stage(
            manager,
            ConsentExpiredV1,
            { consentId: record.id, familyId: record.familyId, agencyIds: record.agencyIds, agencyIdsNoLongerPermitted, expiredAt: expiredAt.toISOString() },
            { key: record.familyId, subject: record.id, time: at },
          );
        }
        return due.length;
      });
      total += expired;
      if (expired < BATCH_SIZE) break;
    }
    if (total > 0) this.logger.info({ expired: total }, 'consents expired');
    return total;
  }
}
