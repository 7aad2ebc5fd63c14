import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface ConsentWithdrawnData {
  consentId: string;
  familyId: string;
  agencyIds: string[];
  /** Agencies that no longer have any basis for sharing after this withdrawal. */
  agencyIdsNoLongerPermitted: string[];
  actor: Actor;
}

export const ConsentWithdrawnV1 = defineEvent<ConsentWithdrawnData>({
  type: 'tellonce.consent.withdrawn.v1',
  topic: TOPICS.consent,
  description: 'A consent was withdrawn; agencies left without a basis lose access and their open routes are cancelled.',
  schema: {
    type: 'object',
    required: ['consentId', 'familyId', 'agencyIds', 'agencyIdsNoLongerPermitted', 'actor'],
    additionalProperties: false,
    properties: {
      consentId: { type: 'string' },
      familyId: { type: 'string' },
      agencyIds: { type: 'array', items: { type: 'string' } },
      agencyIdsNoLongerPermitted: { type: 'array', items: { type: 'string' } },
      actor: actorSchema,
    },
  },
});
