import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface FamilyMemberAddedData {
  familyId: string;
  personId: string;
  relationship: string;
  livesInHousehold: boolean;
  actor: Actor;
}

export const FamilyMemberAddedV1 = defineEvent<FamilyMemberAddedData>({
  type: 'tellonce.family.member-added.v1',
  topic: TOPICS.families,
  description: 'A member was added to a family record.',
  schema: {
    type: 'object',
    required: ['familyId', 'personId', 'relationship', 'livesInHousehold', 'actor'],
    additionalProperties: false,
    properties: {
      familyId: { type: 'string' },
      personId: { type: 'string' },
      relationship: { type: 'string' },
      livesInHousehold: { type: 'boolean' },
      actor: actorSchema,
    },
  },
});
