import type { TopicName } from './topics';

/** A JSON Schema (draft 2020-12) object; kept loose so schemas stay plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * One event type: its versioned CloudEvents `type`, the topic it travels on, and the JSON schema
 * its `data` must match. `TData` is the payload type the schema describes.
 */
export interface EventDefinition<TData> {
  readonly type: string;
  readonly topic: TopicName;
  readonly description: string;
  readonly schema: JsonSchema;
  /** Phantom field carrying the payload type; never set at run time. */
  readonly __data?: TData;
}

export type EventData<D> = D extends EventDefinition<infer T> ? T : never;

export function defineEvent<TData>(definition: Omit<EventDefinition<TData>, '__data'>): EventDefinition<TData> {
  return definition;
}

/** Who did it. `sub` is an opaque account id, never a name. */
export interface Actor {
  sub: string;
  role: string;
  agencyId?: string;
  hubId?: string;
}

export const actorSchema: JsonSchema = {
  type: 'object',
  required: ['sub', 'role'],
  additionalProperties: false,
  properties: {
    sub: { type: 'string' },
    role: { type: 'string' },
    agencyId: { type: 'string' },
    hubId: { type: 'string' },
  },
};

export const SYSTEM_ACTOR: Actor = { sub: 'system', role: 'system' };
