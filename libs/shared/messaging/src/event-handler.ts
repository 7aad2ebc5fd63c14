import type { CloudEvent, EventDefinition } from '@tellonce/contracts';
import type { EntityManager } from 'typeorm';

/**
 * A typed reaction to one event type. `handle` runs inside the transaction that also records the
 * event in the inbox, so a redelivered event is skipped and a failed one leaves no trace.
 */
export interface EventHandler<T> {
  readonly definition: EventDefinition<T>;
  handle(event: CloudEvent<T>, manager: EntityManager): Promise<void>;
}
