import { AuditChainEntry, canonicalJson, chainAfter, chainHash, ChainedRow, GENESIS_HASH, verifyChainSegment, verifyRowsSelfConsistent } from './audit-chain';

const entry = (n: number): AuditChainEntry => ({
  id: `e${n}`,
  at: '2025-06-01T10:00:00.000Z',
  service: 'consent',
  actor: { sub: 'u1', role: 'coordinator' },
  action: 'read',
  endpoint: 'GET /v1/families/:familyId/consents',
  resource: { kind: 'family', id: 'f1' },
  familyId: 'f1',
  outcome: 'allowed',
  basis: null,
});

function chain(length: number): ChainedRow[] {
  return chainAfter({ seq: 0, hash: GENESIS_HASH }, Array.from({ length }, (_, i) => entry(i + 1)));
}

describe('chainAfter', () => {
  it('numbers entries after the head and links each to the one before', () => {
    const head = chain(3)[2];
    const rows = chainAfter(head, [entry(4), entry(5)]);
    expect(rows.map((r) => r.seq)).toEqual([4, 5]);
    expect(rows[0].prevHash).toBe(head.hash);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[1].hash).toBe(chainHash(rows[0].hash, entry(5)));
    expect(verifyChainSegment(rows, head)).toEqual({ valid: true, checked: 2 });
  });

  it('appends nothing for no entries', () => expect(chainAfter({ seq: 7, hash: GENESIS_HASH }, [])).toEqual([]));
});

describe('canonicalJson', () => {
  it.each([
    { input: { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }, expected: '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}' },
    { input: { a: undefined, b: 'x' }, expected: '{"b":"x"}' },
    { input: [3, 'a', true], expected: '[3,"a",true]' },
  ])('$expected', ({ input, expected }) => expect(canonicalJson(input)).toBe(expected));

  it('hashes the same entry the same way whatever its key order', () => {
    const e = entry(1);
    const reordered = { basis: e.basis, outcome: e.outcome, familyId: e.familyId, resource: { id: 'f1', kind: 'family' }, endpoint: e.endpoint, action: e.action, actor: { role: 'coordinator', sub: 'u1' }, service: e.service, at: e.at, id: e.id };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, e));
  });
});

describe('verifyChainSegment', () => {
  const tamper = (rows: ChainedRow[], seq: number, change: (row: ChainedRow) => ChainedRow) => rows.map((r) => (r.seq === seq ? change(r) : r));
  it.each([
    { name: 'an intact chain', rows: chain(5), expected: { valid: true, checked: 5 } },
    { name: 'an empty chain', rows: [], expected: { valid: true, checked: 0 } },
    { name: 'a changed field', rows: tamper(chain(5), 3, (r) => ({ ...r, entry: { ...r.entry, outcome: 'denied' } })), expected: { valid: false, brokenAt: 3 } },
    { name: 'a changed nested field', rows: tamper(chain(5), 2, (r) => ({ ...r, entry: { ...r.entry, actor: { sub: 'someone-else', role: 'coordinator' } } })), expected: { valid: false, brokenAt: 2 } },
    { name: 'a recomputed hash (breaks the next link)', rows: tamper(chain(5), 4, (r) => { const e = { ...r.entry, action: 'write' }; return { ...r, entry: e, hash: chainHash(r.prevHash, e) }; }), expected: { valid: false, brokenAt: 5 } },
    { name: 'a removed row', rows: chain(5).filter((r) => r.seq !== 3), expected: { valid: false, brokenAt: 3 } },
    { name: 'a changed first prev_hash', rows: tamper(chain(2), 1, (r) => ({ ...r, prevHash: 'f'.repeat(64) })), expected: { valid: false, brokenAt: 1 } },
  ])('$name', ({ rows, expected }) => expect(verifyChainSegment(rows, null)).toMatchObject(expected));

  it('continues from a previous segment', () => {
    const rows = chain(6);
    expect(verifyChainSegment(rows.slice(3), rows[2])).toEqual({ valid: true, checked: 3 });
    expect(verifyChainSegment(rows.slice(3), rows[1])).toMatchObject({ valid: false });
  });
});

describe('verifyRowsSelfConsistent', () => {
  it('checks scattered rows against their predecessors', () => {
    const rows = chain(6);
    const withPred = (r: ChainedRow) => ({ ...r, predecessorHash: r.seq === 1 ? null : rows[r.seq - 2].hash });
    expect(verifyRowsSelfConsistent([rows[0], rows[3], rows[5]].map(withPred))).toEqual({ valid: true, checked: 3 });
    const broken = { ...withPred(rows[3]), entry: { ...rows[3].entry, basis: 'consent' } };
    expect(verifyRowsSelfConsistent([withPred(rows[0]), broken, withPred(rows[5])])).toMatchObject({ valid: false, brokenAt: 4, checked: 2 });
  });
});
