import { consumerGroupLag } from './consumer-lag';

type Committed = Record<string, Record<string, Record<number, string>>>; // group → topic → partition → offset
type Log = Record<string, Record<number, { low: number; high: number }>>; // topic → partition → offsets

function fakeAdmin(committed: Committed, log: Log) {
  const calls = { topicOffsets: [] as string[], offsets: [] as { groupId: string; topics?: string[] }[] };
  const admin = {
    fetchOffsets: async ({ groupId, topics }: { groupId: string; topics?: string[] }) => {
      calls.offsets.push({ groupId, ...(topics ? { topics } : {}) });
      const own = committed[groupId] ?? {};
      const names = topics ?? Object.keys(own);
      return names.map((topic) => ({
        topic,
        partitions: Object.keys(log[topic]).map((p) => ({ partition: Number(p), offset: own[topic]?.[Number(p)] ?? '-1', metadata: null })),
      }));
    },
    fetchTopicOffsets: async (topic: string) => {
      calls.topicOffsets.push(topic);
      return Object.entries(log[topic]).map(([p, o]) => ({ partition: Number(p), offset: String(o.high), high: String(o.high), low: String(o.low) }));
    },
  };
  return { admin: admin as unknown as Parameters<typeof consumerGroupLag>[0], calls };
}

describe('consumerGroupLag', () => {
  const log: Log = {
    referrals: { 0: { low: 0, high: 100 }, 1: { low: 0, high: 40 } },
    consent: { 0: { low: 10, high: 30 } },
  };

  it('sums, per group and topic, what is between the committed offset and the log end', async () => {
    const { admin } = fakeAdmin({ a: { referrals: { 0: '90', 1: '40' } }, b: { referrals: { 0: '100', 1: '35' }, consent: { 0: '30' } } }, log);
    expect(await consumerGroupLag(admin, ['a', 'b'])).toEqual([
      { group: 'a', topic: 'referrals', lag: 10, end: 140 },
      { group: 'b', topic: 'referrals', lag: 5, end: 140 },
      { group: 'b', topic: 'consent', lag: 0, end: 30 },
    ]);
  });

  it('counts a partition never committed, or committed before the log start, from the log start', async () => {
    const { admin } = fakeAdmin({ a: { consent: {} }, b: { consent: { 0: '3' } } }, log);
    expect(await consumerGroupLag(admin, ['a', 'b'])).toEqual([
      { group: 'a', topic: 'consent', lag: 20, end: 30 },
      { group: 'b', topic: 'consent', lag: 20, end: 30 },
    ]);
  });

  it('never reports negative lag for a committed offset past a stale log end', async () => {
    const { admin } = fakeAdmin({ a: { consent: { 0: '31' } } }, log);
    expect(await consumerGroupLag(admin, ['a'])).toEqual([{ group: 'a', topic: 'consent', lag: 0, end: 30 }]);
  });

  it('asks for each topic’s log end once however many groups read it, and passes a topic filter on', async () => {
    const { admin, calls } = fakeAdmin({ a: { referrals: { 0: '1' } }, b: { referrals: { 0: '2' } }, c: {} }, log);
    const lag = await consumerGroupLag(admin, ['a', 'b', 'c'], ['referrals']);
    expect(calls.topicOffsets).toEqual(['referrals']);
    expect(calls.offsets).toEqual([
      { groupId: 'a', topics: ['referrals'] },
      { groupId: 'b', topics: ['referrals'] },
      { groupId: 'c', topics: ['referrals'] },
    ]);
    expect(lag.find((l) => l.group === 'c')).toEqual({ group: 'c', topic: 'referrals', lag: 140, end: 140 });
  });
});
