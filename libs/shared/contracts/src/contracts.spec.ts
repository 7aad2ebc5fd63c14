import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { buildAsyncApiDocument } from './asyncapi';
import { EVENT_CATALOGUE } from './catalogue';
import { fromKafkaMessage, toKafkaHeaders, CloudEvent } from './cloud-event';
import { TOPICS } from './topics';

const root = path.resolve(__dirname, '../../../..');
const topicList = JSON.parse(fs.readFileSync(path.join(root, 'deploy/kafka/topics.json'), 'utf8')) as { topics: { name: string; config: Record<string, string> }[] };

describe('topic list', () => {
  it('declares exactly the topics the code names', () => {
    expect(topicList.topics.map((t) => t.name).sort()).toEqual(Object.values(TOPICS).sort());
  });

  it('keeps domain topics long enough to rebuild projections', () => {
    for (const topic of [TOPICS.directory, TOPICS.families, TOPICS.referrals, TOPICS.consent, TOPICS.plans]) {
      expect(topicList.topics.find((t) => t.name === topic)?.config['retention.ms']).toBe('-1');
    }
  });
});

describe('event catalogue', () => {
  const ajv = new Ajv({ strict: false });

  it('has unique, versioned type names on known topics', () => {
    const types = EVENT_CATALOGUE.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const definition of EVENT_CATALOGUE) {
      expect(definition.type).toMatch(/^tellonce\.[a-z-]+(\.[a-z-]+)*\.v\d+$/);
      expect(Object.values(TOPICS)).toContain(definition.topic);
    }
  });

  it('gives every event a compilable JSON schema that rejects unknown fields', () => {
    for (const definition of EVENT_CATALOGUE) {
      const validate = ajv.compile(definition.schema);
      expect(validate({})).toBe(false);
      expect(definition.schema['additionalProperties']).toBe(false);
    }
  });

  it('is documented by docs/asyncapi.json exactly (run `npm run asyncapi` after adding an event)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'docs/asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
  });
});

describe('CloudEvents binary mode', () => {
  const event: CloudEvent<{ familyId: string }> = {
    specversion: '1.0',
    id: '5f0c7f9e-2f0e-4a51-9d55-1d1f0d7a1a11',
    source: 'tellonce/referrals',
    type: 'tellonce.referral.raised.v1',
    time: '2026-11-22T10:00:00.000Z',
    datacontenttype: 'application/json',
    partitionkey: 'fam-1',
    correlationid: 'corr-1',
    causationid: 'cause-1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    data: { familyId: 'fam-1' },
  };

  it('round-trips through ce_* headers and a JSON value', () => {
    const headers = toKafkaHeaders(event);
    expect(headers['ce_partitionkey']).toBe('fam-1');
    expect(headers['traceparent']).toBe(event.traceparent);
    expect(fromKafkaMessage(headers, Buffer.from(JSON.stringify(event.data)))).toEqual(event);
  });

  it('puts no event data in headers', () => {
    const headers = toKafkaHeaders({ ...event, data: { familyId: 'fam-1', story: 'private words' } as { familyId: string } });
    expect(JSON.stringify(headers)).not.toContain('private words');
  });

  it('rejects a message without required attributes', () => {
    const headers = toKafkaHeaders(event);
    delete headers['ce_id'];
    expect(() => fromKafkaMessage(headers, Buffer.from('{}'))).toThrow(/ce_id/);
  });
});
