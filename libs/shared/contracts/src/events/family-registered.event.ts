import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Ids and relationships only: names, dates of birth and contact details stay in the referrals database. */
export interface FamilyRegisteredData {
  familyId: string;
  reference: string;
  hubId: string;
  members: { personId: string; relationship: string; livesInHousehold: boolean }[];
  actor: Actor;
}

export const FamilyRegisteredV1 = defineEvent<FamilyRegisteredData>({
  type: 'tellonce.family.registered.v1',
  topic: TOPICS.families,
  description: 'A family record was created at a hub.',
  schema: {
    type: 'object',
    required: ['familyId', 'reference', 'hubId', 'members', 'actor'],
    additionalProperties: false,
    properties: {
      familyId: { type: 'string' },
      reference: { type: 'string' },
      hubId: { type: 'string' },
      members: {
        type: 'array',
        items: {
          type: 'object',
          required: ['personId', 'relationship', 'livesInHousehold'],
          additionalProperties: false,
          properties: { personId: { type: 'string' }, relationship: { type: 'string' }, livesInHousehold: { type: 'boolean' } },
        },
      },
      actor: actorSchema,
    },
  },
});
