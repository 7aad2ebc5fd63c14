import { Injectable, OnModuleInit } from '@nestjs/common';
import type { CloudEvent, EventDefinition } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { TimelineProjector, timelineEventDefinitions } from '../services/timeline-projector';

/**
 * One handler per catalogue event type on a domain topic (directory, families, referrals, consent,
 * plans, notifications). Types other helpers add to the catalogue are projected without changes here.
 */
@Injectable()
export class ProjectEveryDomainEventOntoTheTimelineHandler implements OnModuleInit {
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly projector: TimelineProjector,
  ) {}

  onModuleInit(): void {
    // The projection writes only its own tables, so a rolled-back run has nothing to undo elsewhere;
    // one commit per run instead of per event halves its round trips under load (docs/benchmarks.md).
    this.consumer.handleRunsOfEventsTogether(50);
    // Nobody waits on the projection the way a partner waits on a delivery: let the broker gather up
    // to a quarter of a second of events per fetch, so those runs are long (docs/benchmarks.md).
    this.consumer.waitForFullerFetches(250, 64 * 1024);
    for (const definition of timelineEventDefinitions()) this.consumer.register(this.handlerFor(definition));
  }

  private handlerFor(definition: EventDefinition<unknown>): EventHandler<unknown> {
    return {
      definition,
      handle: (event: CloudEvent, manager: EntityManager) => this.projector.apply(event, manager),
    };
  }
}
