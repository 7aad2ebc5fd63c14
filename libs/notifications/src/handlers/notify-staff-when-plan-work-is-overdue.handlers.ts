import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, PlanActionOverdueData, PlanActionOverdueV1, PlanCreatedData, PlanCreatedV1, PlanReviewOverdueData, PlanReviewOverdueV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { PartnerDirectoryRepository } from '../repositories/partner-directory.repository';
import { PractitionerNotifier } from '../services/practitioner-notifier.service';

/** Remembers the lead agency and hub of each plan: where its review-overdue notices go. */
@Injectable()
export class RecordPlanWhenPlanIsCreatedHandler implements EventHandler<PlanCreatedData>, OnModuleInit {
  readonly definition = PlanCreatedV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly directory: PartnerDirectoryRepository,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<PlanCreatedData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await this.directory.upsertPlan(manager, { planId: d.planId, familyId: d.familyId, leadAgencyId: d.leadAgencyId, hubId: d.actor.hubId ?? null });
  }
}

@Injectable()
export class NotifyAgencyWhenPlanActionIsOverdueHandler implements EventHandler<PlanActionOverdueData>, OnModuleInit {
  readonly definition = PlanActionOverdueV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly notifier: PractitionerNotifier,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<PlanActionOverdueData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await this.notifier.notify(manager, {
      kind: 'action-overdue',
      sourceEventId: event.id,
      agencyId: d.agencyId,
      hubId: null,
      familyId: d.familyId,
      urgency: 'routine',
      reference: null,
      subject: { kind: 'action', id: d.actionId },
      needCodes: [],
      dueDate: d.dueDate,
      link: this.notifier.link(`/plans/${d.planId}`),
    });
  }
}

@Injectable()
export class NotifyLeadWhenPlanReviewIsOverdueHandler implements EventHandler<PlanReviewOverdueData>, OnModuleInit {
  readonly definition = PlanReviewOverdueV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly notifier: PractitionerNotifier,
    private readonly directory: PartnerDirectoryRepository,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<PlanReviewOverdueData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    const plan = await this.directory.findPlan(manager, d.planId);
    if (!plan) return;
    const base = { kind: 'review-overdue' as const, sourceEventId: event.id, familyId: d.familyId, urgency: 'routine' as const, reference: null, subject: { kind: 'plan', id: d.planId }, needCodes: [], dueDate: d.nextReviewDate, link: this.notifier.link(`/plans/${d.planId}`) };
    await this.notifier.notify(manager, { ...base, agencyId: plan.leadAgencyId, hubId: null });
    if (plan.hubId) await this.notifier.notify(manager, { ...base, agencyId: null, hubId: plan.hubId });
  }
}
