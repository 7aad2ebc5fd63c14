import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface AgencyUpsertedData {
  agencyId: string;
  name: string;
  kind: string;
  active: boolean;
}

export const AgencyUpsertedV1 = defineEvent<AgencyUpsertedData>({
  type: 'tellonce.directory.agency-upserted.v1',
  topic: TOPICS.directory,
  description: 'An agency (organisation) was added to or changed in the directory. Keyed by agency id.',
  schema: {
    type: 'object',
    required: ['agencyId', 'name', 'kind', 'active'],
    additionalProperties: false,
    properties: { agencyId: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, active: { type: 'boolean' } },
  },
});
