import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface ConsentExpiredData {
  consentId: string;
  familyId: string;
  agencyIds: string[];
  agencyIdsNoLongerPermitted: string[];
  expiredAt: string;
}

export const ConsentExpiredV1 = defineEvent<ConsentExpiredData>({
  type: 'tellonce.consent.expired.v1',
  topic: TOPICS.consent,
  description: 'A consent reached its expiry time.',
  schema: {
    type: 'object',
    required: ['consentId', 'familyId', 'agencyIds', 'agencyIdsNoLongerPermitted', 'expiredAt'],
    additionalProperties: false,
    properties: {
      consentId: { type: 'string' },
      familyId: { type: 'string' },
      agencyIds: { type: 'array', items: { type: 'string' } },
      agencyIdsNoLongerPermitted: { type: 'array', items: { type: 'string' } },
      expiredAt: { type: 'string', format: 'date-time' },
    },
  },
});
