import { nulCharacterField, urlHasNulCharacter } from './nul-characters';

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
  ])('%s', (_name, body, field) => {
    expect(nulCharacterField(body)).toBe(field);
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
