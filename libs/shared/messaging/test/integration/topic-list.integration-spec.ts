import path from 'node:path';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { TOPICS } from '@tellonce/contracts';
import { testEnv } from '@tellonce/testing';
import { createKafka } from '../../src';

// scripts/infra.js is plain JavaScript shared by `npm start`, `npm test` and the deploy jobs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureTopics }: { ensureTopics: (admin: Admin) => Promise<void> } = require(path.join(__dirname, '../../../../../scripts/infra.js'));

describe('the one topic list on a running cluster', () => {
  const admin = createKafka('topic-list-it', testEnv.kafkaBrokers).admin();
  const retentionOf = async (topic: string) => {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }] });
    return described.resources[0].configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
  };

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('puts an existing topic back to the settings of deploy/kafka/topics.json', async () => {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPICS.notifications, configEntries: [{ name: 'retention.ms', value: '86400000' }] }] });
    expect(await retentionOf(TOPICS.notifications)).toBe('86400000');
    await ensureTopics(admin);
    expect(await retentionOf(TOPICS.notifications)).toBe('-1');
  });
});
