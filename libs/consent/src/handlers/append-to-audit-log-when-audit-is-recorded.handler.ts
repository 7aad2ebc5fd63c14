import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditRecordedData, AuditRecordedV1, CloudEvent } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { AuditLogService } from '../services/audit-log.service';

/** Every service's audit entries (this one's too) land in the one hash-chained audit log. */
@Injectable()
export class AppendToAuditLogWhenAuditIsRecordedHandler implements EventHandler<AuditRecordedData>, OnModuleInit {
  readonly definition = AuditRecordedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly auditLog: AuditLogService,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  handle(event: CloudEvent<AuditRecordedData>, manager: EntityManager): Promise<void> {
    return this.auditLog.append(manager, event.id, event.data);
  }
}
