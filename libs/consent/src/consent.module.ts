import { DynamicModule, Module } from '@nestjs/common';
import { KafkaEventConsumer } from '@tellonce/messaging';
import { CLOCK, systemClock } from './domain/clock';
import { AppendToAuditLogWhenAuditIsRecordedHandler } from './handlers/append-to-audit-log-when-audit-is-recorded.handler';
import { RecordAgencyWhenAgencyIsUpsertedHandler } from './handlers/record-agency-when-agency-is-upserted.handler';
import { RecordFamilyWhenFamilyIsRegisteredHandler } from './handlers/record-family-when-family-is-registered.handler';
import { RecordMemberWhenFamilyMemberIsAddedHandler } from './handlers/record-member-when-family-member-is-added.handler';
import { AuditController } from './http/audit.controller';
import { ConsentDecisionController } from './http/consent-decision.controller';
import { ConsentsController } from './http/consents.controller';
import { SafeguardingOverridesController } from './http/safeguarding-overrides.controller';
import { AuditLogRepository } from './repositories/audit-log.repository';
import { ConsentRecordsRepository } from './repositories/consent-records.repository';
import { KnownAgenciesRepository } from './repositories/known-agencies.repository';
import { KnownFamiliesRepository } from './repositories/known-families.repository';
import { SafeguardingOverridesRepository } from './repositories/safeguarding-overrides.repository';
import { AuditLogService } from './services/audit-log.service';
import { CONSENT_MODULE_OPTIONS, ConsentModuleOptions } from './services/consent-module-options';
import { ConsentExpiryService } from './services/consent-expiry.service';
import { ConsentRecordsService } from './services/consent-records.service';
import { SafeguardingOverridesService } from './services/safeguarding-overrides.service';
import { SharingBasisCalculator } from './services/sharing-basis.calculator';
import { SharingDecisionsService } from './services/sharing-decisions.service';

/** Consent records, sharing decisions, safeguarding overrides and the tamper-evident audit log. */
@Module({})
export class ConsentModule {
  constructor(consumer: KafkaEventConsumer) {
    // Its handlers write only this database (mostly audit entries from every service): runs of
    // events share a transaction, and the audit chain head is locked once per run, not per entry.
    consumer.handleRunsOfEventsTogether(20);
    // Nothing on the fan-out's path waits on these events (audit entries, the family view, which
    // requests wait for briefly anyway): the broker may gather a tenth of a second of them per fetch,
    // so runs, and with them chain appends and commits, carry several entries (docs/benchmarks.md).
    consumer.waitForFullerFetches(100, 64 * 1024);
  }

  static forRoot(options: ConsentModuleOptions): DynamicModule {
    return {
      module: ConsentModule,
      controllers: [ConsentsController, ConsentDecisionController, SafeguardingOverridesController, AuditController],
      providers: [
        { provide: CONSENT_MODULE_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        ConsentRecordsRepository,
        SafeguardingOverridesRepository,
        KnownFamiliesRepository,
        KnownAgenciesRepository,
        AuditLogRepository,
        SharingBasisCalculator,
        ConsentRecordsService,
        ConsentExpiryService,
        SharingDecisionsService,
        SafeguardingOverridesService,
        AuditLogService,
        RecordFamilyWhenFamilyIsRegisteredHandler,
        RecordMemberWhenFamilyMemberIsAddedHandler,
        RecordAgencyWhenAgencyIsUpsertedHandler,
        AppendToAuditLogWhenAuditIsRecordedHandler,
      ],
      exports: [ConsentExpiryService, CLOCK],
    };
  }
}
