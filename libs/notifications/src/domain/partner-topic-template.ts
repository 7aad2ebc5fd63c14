/** Settings of `templates[tellonce.partner.{agencyId}.v1]` in deploy/kafka/topics.json (a unit test keeps them equal). */
export const PARTNER_TOPIC_TEMPLATE = {
  pattern: 'tellonce.partner.{agencyId}.v1',
  partitions: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '1209600000' } as Record<string, string>,
};

/** Agency ids become part of a topic name: Kafka allows only [a-zA-Z0-9._-], at most 249 characters. */
export function isValidTopicAgencyId(agencyId: string): boolean {
  return /^[a-zA-Z0-9_-]{1,200}$/.test(agencyId);
}
