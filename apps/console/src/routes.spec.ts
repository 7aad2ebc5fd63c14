import { describe, expect, it } from '@jest/globals';
import { afterSignIn, findPage, signInPathFor } from './routes';

const REFERRAL_ID = '5b0d7c1e-2f6a-4c1b-9a4e-0d3f8e2a7b61';

describe('console pages', () => {
  it('opens the referral page at /referrals/:id, the link urgent notification emails carry', () => {
    const found = findPage(`/referrals/${REFERRAL_ID}`);
    expect(found?.page.name).toBe('referral');
    expect(found?.params).toEqual({ id: REFERRAL_ID });
  });

  it('lets every role that may read a referral (GET /v1/referrals/:id) open its page', () => {
    const roles = findPage(`/referrals/${REFERRAL_ID}`)?.page.roles;
    expect(roles).toEqual(expect.arrayContaining(['practitioner', 'agency-system', 'coordinator', 'safeguarding-lead', 'admin']));
    expect(roles).not.toContain('ops');
    expect(roles).not.toContain('auditor');
  });

  it.each([
    ['/families', 'families'],
    ['/families/new', 'register-family'],
    [`/families/${REFERRAL_ID}`, 'family'],
    [`/families/${REFERRAL_ID}/referrals/new`, 'raise-referral'],
    ['/inbox', 'inbox'],
    ['/ops', 'ops'],
    ['/home', 'home'],
  ])('%s opens the %s page', (path, name) => {
    expect(findPage(path)?.page.name).toBe(name);
  });

  it.each(['/referrals', `/referrals/${REFERRAL_ID}/extra`, '/nope'])('%s is no page', (path) => {
    expect(findPage(path)).toBeNull();
  });
});

describe('signing in from a deep link', () => {
  it('remembers the page asked for, and opens it after signing in', () => {
    const signIn = signInPathFor(`/referrals/${REFERRAL_ID}`, '');
    expect(signIn).toBe(`/sign-in?next=${encodeURIComponent(`/referrals/${REFERRAL_ID}`)}`);
    expect(afterSignIn(signIn.slice(signIn.indexOf('?') + 1), '/inbox')).toBe(`/referrals/${REFERRAL_ID}`);
    expect(afterSignIn(signInPathFor('/families', 'q=NG1').split('?').slice(1).join('?'), '/inbox')).toBe('/families?q=NG1');
  });

  it('goes plainly to sign-in from the start page', () => {
    expect(signInPathFor('/', '')).toBe('/sign-in');
    expect(signInPathFor('/sign-in', '')).toBe('/sign-in');
  });

  it.each(['', 'next=', 'next=https%3A%2F%2Fevil.example', 'next=%2F%2Fevil.example', 'next=%2F%5Cevil.example', 'next=%2Fsign-in', 'next=referrals'])(
    'goes to the start page for %j',
    (search) => {
      expect(afterSignIn(search, '/inbox')).toBe('/inbox');
    },
  );
});
