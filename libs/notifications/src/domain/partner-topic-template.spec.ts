import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { partnerTopic } from '@tellonce/contracts';
import { isValidTopicAgencyId, PARTNER_TOPIC_TEMPLATE } from './partner-topic-template';

describe('partner topic template', () => {
  it('matches deploy/kafka/topics.json', () => {
    const topics = JSON.parse(readFileSync(join(__dirname, '../../../../deploy/kafka/topics.json'), 'utf8'));
    const template = topics.templates.find((t: { pattern: string }) => t.pattern === PARTNER_TOPIC_TEMPLATE.pattern);
    expect(template).toBeDefined();
    expect(template.partitions).toBe(PARTNER_TOPIC_TEMPLATE.partitions);
    expect(template.config).toEqual(PARTNER_TOPIC_TEMPLATE.config);
    expect(partnerTopic('a1')).toBe(PARTNER_TOPIC_TEMPLATE.pattern.replace('{agencyId}', 'a1'));
  });

  it.each([
    ['agency-midwifery', true],
    ['6f1c0f8e-0000-4000-8000-000000000000', true],
    ['bad/name', false],
    ['', false],
    ['a.b', false],
  ])('%j is a usable topic agency id: %s', (id, ok) => {
    expect(isValidTopicAgencyId(id)).toBe(ok);
  });
});
