import { EVENT_CATALOGUE } from './catalogue';
import type { EventDefinition } from './event-definition';

const messageName = (type: string) => type.replace(/^tellonce\./, '').replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The AsyncAPI 3 document for every event TellOnce produces, built from the catalogue so the two
 * cannot drift. `npm run asyncapi` writes it to docs/asyncapi.json; a unit test compares them.
 */
export function buildAsyncApiDocument(catalogue: readonly EventDefinition<unknown>[] = EVENT_CATALOGUE): Record<string, unknown> {
  const channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }> = {};
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const definition of catalogue) {
    const channelId = definition.topic.replace(/\./g, '_');
    const name = messageName(definition.type);
    channels[channelId] ??= { address: definition.topic, messages: {} };
    channels[channelId].messages[name] = { $ref: `#/components/messages/${name}` };
    messages[name] = {
      name: definition.type,
      title: definition.type,
      summary: definition.description,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/CloudEventHeaders' },
      payload: definition.schema,
      bindings: { kafka: { key: { type: 'string', description: 'family id (partition key); agency id for directory events' } } },
    };
  }
  for (const [channelId, channel] of Object.entries(channels)) {
    operations[`publish_${channelId}`] = { action: 'send', channel: { $ref: `#/channels/${channelId}` }, messages: Object.values(channel.messages) };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'TellOnce events',
      version: '1.0.0',
      description: 'CloudEvents 1.0 in Kafka binary mode (ce_* headers, JSON value). Produced through each service’s transactional outbox; consumed idempotently.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      messages,
      schemas: {
        CloudEventHeaders: {
          type: 'object',
          required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_partitionkey', 'ce_correlationid'],
          properties: {
            ce_specversion: { const: '1.0' },
            ce_id: { type: 'string', format: 'uuid' },
            ce_source: { type: 'string' },
            ce_type: { type: 'string' },
            ce_time: { type: 'string', format: 'date-time' },
            ce_subject: { type: 'string' },
            ce_partitionkey: { type: 'string' },
            ce_correlationid: { type: 'string' },
            ce_causationid: { type: 'string' },
            traceparent: { type: 'string' },
            'content-type': { const: 'application/json' },
          },
        },
      },
    },
  };
}
