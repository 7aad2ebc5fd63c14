import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** The justification stays in the consent service (it may name people); the event says who and for whom. */
export interface SafeguardingOverrideRecordedData {
  overrideId: string;
  familyId: string;
  agencyId: string;
  actor: Actor;
}

export const SafeguardingOverrideRecordedV1 = defineEvent<SafeguardingOverrideRecordedData>({
  type: 'tellonce.safeguarding.override-recorded.v1',
  topic: TOPICS.consent,
  description: 'A safeguarding lead recorded a decision to share with an agency without consent.',
  schema: {
    type: 'object',
    required: ['overrideId', 'familyId', 'agencyId', 'actor'],
    additionalProperties: false,
    properties: { overrideId: { type: 'string' }, familyId: { type: 'string' }, agencyId: { type: 'string' }, actor: actorSchema },
  },
});
