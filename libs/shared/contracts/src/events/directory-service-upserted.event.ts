import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface ServiceUpsertedData {
  serviceId: string;
  agencyId: string;
  name: string;
  needs: string[];
  hubIds: string[];
  status: 'active' | 'inactive';
  capacity: 'open' | 'waitlist' | 'closed';
}

export const ServiceUpsertedV1 = defineEvent<ServiceUpsertedData>({
  type: 'tellonce.directory.service-upserted.v1',
  topic: TOPICS.directory,
  description: 'A service was added to or changed in the directory. Keyed by agency id.',
  schema: {
    type: 'object',
    required: ['serviceId', 'agencyId', 'name', 'needs', 'hubIds', 'status', 'capacity'],
    additionalProperties: false,
    properties: {
      serviceId: { type: 'string' },
      agencyId: { type: 'string' },
      name: { type: 'string' },
      needs: { type: 'array', items: { type: 'string' } },
      hubIds: { type: 'array', items: { type: 'string' } },
      status: { enum: ['active', 'inactive'] },
      capacity: { enum: ['open', 'waitlist', 'closed'] },
    },
  },
});
