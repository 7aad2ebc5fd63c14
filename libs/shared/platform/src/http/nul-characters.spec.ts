import { MAX_BODY_DEPTH, screenBody, urlHasNulCharacter } from './nul-characters';

describe('NUL characters in input', () => {
  it.each<[string, unknown, string | null]>([
    ['a clean body', { hubId: 'hub-north', members: [{ givenName: 'Andrea' }], n: 3, ok: true, none: null }, null],
    ['a top-level string', { story: 'a\u0000b' }, 'story'],
    ['a string in an array of objects', { members: [{ givenName: 'A' }, { givenName: 'N\u0000ull' }] }, 'members.1.givenName'],
    ['a string in an array of strings', { agencyIds: ['a', '\u0000'] }, 'agencyIds.1'],
    ['a key (named by its parent, not by itself)', { address: { 'line\u00001': 'x' } }, 'address'],
    ['a key at the top', { 'x\u0000': 1 }, '(body)'],
    ['a bare string body', '\u0000', '(body)'],
    ['an escaped-looking but harmless text', { story: 'literally \\u0000 and %00' }, null],
    ['the first of two, in document order', { a: 'x', b: ['\u0000'], c: '\u0000' }, 'b.0'],
  ])('%s', (_name, body, field) => {
    expect(screenBody(body)).toEqual(field === null ? null : { problem: 'nul', field });
  });

  it('refuses nesting deeper than any contract body, without overflowing the stack on absurd depths', () => {
    const nest = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(screenBody({ members: [{ address: { line1: 'x' } }] })).toBeNull();
    expect(screenBody(nest(MAX_BODY_DEPTH))).toBeNull();
    expect(screenBody(nest(MAX_BODY_DEPTH + 1))).toEqual({ problem: 'too-deep' });
    expect(screenBody(nest(100_000))).toEqual({ problem: 'too-deep' });
  });

  it.each([
    ['/v1/families/%00', true],
    ['/v1/families/a%00b/timeline', true],
    ['/v1/referrals?agencyId=%00', true],
    ['/v1/families?q=FAM-%00', true],
    ['/v1/families?q=%2500', false],
    ['/v1/families/0b0e1c4e-9d6f-4f0e-8f5b-000000000000', false],
  ])('%s in the URL: %s', (url, found) => {
    expect(urlHasNulCharacter(url)).toBe(found);
  });
});
