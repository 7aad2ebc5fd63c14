import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export const DATA_CATEGORIES = ['contact', 'story', 'needs', 'plan'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Emitted for both permit and deny records: a deny is a recorded decision too. */
export interface ConsentGrantedData {
  consentId: string;
  familyId: string;
  decision: 'permit' | 'deny';
  subjectPersonIds: string[];
  agencyIds: string[];
  purposes: string[];
  dataCategories: DataCategory[];
  method: 'verbal' | 'written' | 'online';
  expiresAt?: string;
  actor: Actor;
}

export const ConsentGrantedV1 = defineEvent<ConsentGrantedData>({
  type: 'tellonce.consent.granted.v1',
  topic: TOPICS.consent,
  description: 'A consent record (permit or deny) was recorded for a family.',
  schema: {
    type: 'object',
    required: ['consentId', 'familyId', 'decision', 'subjectPersonIds', 'agencyIds', 'purposes', 'dataCategories', 'method', 'actor'],
    additionalProperties: false,
    properties: {
      consentId: { type: 'string' },
      familyId: { type: 'string' },
      decision: { enum: ['permit', 'deny'] },
      subjectPersonIds: { type: 'array', items: { type: 'string' } },
      agencyIds: { type: 'array', items: { type: 'string' } },
      purposes: { type: 'array', items: { type: 'string' } },
      dataCategories: { type: 'array', items: { enum: [...DATA_CATEGORIES] } },
      method: { enum: ['verbal', 'written', 'online'] },
      expiresAt: { type: 'string', format: 'date-time' },
      actor: actorSchema,
    },
  },
});
