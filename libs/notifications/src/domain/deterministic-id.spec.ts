import { deterministicUuid } from './deterministic-id';

describe('deterministicUuid', () => {
  it('is stable, distinct per input and a v5 UUID', () => {
    const a = deterministicUuid('event-1', 'sub-1');
    expect(deterministicUuid('event-1', 'sub-1')).toBe(a);
    expect(deterministicUuid('event-1', 'sub-2')).not.toBe(a);
    expect(deterministicUuid('event-1sub-1')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
