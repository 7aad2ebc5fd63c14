import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, with the signals every TellOnce service shares. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'tellonce_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly eventsProduced = new Counter({ name: 'tellonce_events_produced_total', help: 'Events published from the outbox', labelNames: ['type'], registers: [this.registry] });
  readonly eventsConsumed = new Counter({ name: 'tellonce_events_consumed_total', help: 'Events handled by consumers', labelNames: ['type', 'result'], registers: [this.registry] });
  readonly handlerFailures = new Counter({ name: 'tellonce_event_handler_failures_total', help: 'Event handler attempts that threw', labelNames: ['type'], registers: [this.registry] });
  readonly retries = new Counter({ name: 'tellonce_event_retries_total', help: 'Event handler retries after a failed attempt', labelNames: ['type'], registers: [this.registry] });
  readonly deadLetters = new Counter({ name: 'tellonce_dead_letters_total', help: 'Events sent to the dead-letter topic', labelNames: ['type'], registers: [this.registry] });
  readonly offsetCommits = new Counter({ name: 'tellonce_consumer_offset_commits_total', help: 'OffsetCommit requests sent by consumers, by result', labelNames: ['result'], registers: [this.registry] });
  readonly outboxBacklog = new Gauge({ name: 'tellonce_outbox_backlog', help: 'Outbox rows not yet published', registers: [this.registry] });
  readonly outboxOldestAge = new Gauge({ name: 'tellonce_outbox_oldest_age_seconds', help: 'Age of the oldest unpublished outbox row', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
