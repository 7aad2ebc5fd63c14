// Topic names. NEVER rename one: the broker, partners and rebuilds depend on them.
// Every name here is declared (partitions, retention) in deploy/kafka/topics.json.
export const TOPICS = {
  directory: 'tellonce.directory.v1',
  families: 'tellonce.families.v1',
  referrals: 'tellonce.referrals.v1',
  consent: 'tellonce.consent.v1',
  plans: 'tellonce.plans.v1',
  notifications: 'tellonce.notifications.v1',
  audit: 'tellonce.audit.v1',
  deadLetters: 'tellonce.dlq.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** The per-agency partner topic (template `tellonce.partner.{agencyId}.v1` in topics.json). */
export function partnerTopic(agencyId: string): string {
  return `tellonce.partner.${agencyId}.v1`;
}
