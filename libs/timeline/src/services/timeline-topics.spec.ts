import fs from 'node:fs';
import path from 'node:path';
import { TIMELINE_TOPICS } from './timeline-projector';

const topicList = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../deploy/kafka/topics.json'), 'utf8')) as {
  topics: { name: string; config: Record<string, string> }[];
};

describe('topics the timeline is rebuilt from', () => {
  it.each([...TIMELINE_TOPICS])('%s keeps every event (a rebuild must give the same timeline)', (topic) => {
    const config = topicList.topics.find((t) => t.name === topic)?.config;
    expect(config).toBeDefined();
    expect(config?.['retention.ms']).toBe('-1');
    expect(config?.['cleanup.policy']).toBe('delete');
  });
});
