import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface AuditRecordedData {
  service: string;
  at: string;
  actor: Actor;
  action: 'read' | 'write';
  /** e.g. `GET /v1/referrals/:id` — the route pattern, never the raw URL (query strings may hold names). */
  endpoint: string;
  resource: { kind: string; id: string };
  familyId?: string;
  outcome: 'allowed' | 'denied';
  basis?: string;
}

export const AuditRecordedV1 = defineEvent<AuditRecordedData>({
  type: 'tellonce.audit.recorded.v1',
  topic: TOPICS.audit,
  description: 'A read or write of family data (allowed or denied), sent by every service to the audit log.',
  schema: {
    type: 'object',
    required: ['service', 'at', 'actor', 'action', 'endpoint', 'resource', 'outcome'],
    additionalProperties: false,
    properties: {
      service: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      actor: actorSchema,
      action: { enum: ['read', 'write'] },
      endpoint: { type: 'string' },
      resource: {
        type: 'object',
        required: ['kind', 'id'],
        additionalProperties: false,
        properties: { kind: { type: 'string' }, id: { type: 'string' } },
      },
      familyId: { type: 'string' },
      outcome: { enum: ['allowed', 'denied'] },
      basis: { type: 'string' },
    },
  },
});
