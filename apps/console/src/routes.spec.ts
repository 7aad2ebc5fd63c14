import { describe, expect, it } from '@jest/globals';
import { afterSignIn, findPage, signInPathFor } from './routes';

const REFERRAL_ID = '5b0d7c1e-2f6a-4c1b-9a4e-0d3f8e2a7b61';
const PLAN_ID = '9c2e4f7a-1b3d-4e5f-8a6b-7c8d9e0f1a2b';

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

  it('opens the plan page at /plans/:id, the link plan notices carry (action assigned, action or review overdue)', () => {
    const found = findPage(`/plans/${PLAN_ID}`);
    expect(found?.page.name).toBe('plan');
    expect(found?.params).toEqual({ id: PLAN_ID });
  });

  it('lets exactly the roles that may read a plan (GET /v1/plans/:id) open its page', () => {
    const roles = findPage(`/plans/${PLAN_ID}`)?.page.roles;
    expect([...(roles ?? [])].sort()).toEqual(['admin', 'agency-system', 'coordinator', 'practitioner', 'safeguarding-lead']);
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

  it.each(['/referrals', `/referrals/${REFERRAL_ID}/extra`, '/plans', `/plans/${PLAN_ID}/actions`, '/nope'])('%s is no page', (path) => {
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

  it('brings a signed-out reader of a plan notice back to the plan after signing in', () => {
    const signIn = signInPathFor(`/plans/${PLAN_ID}`, '');
    expect(signIn).toBe(`/sign-in?next=${encodeURIComponent(`/plans/${PLAN_ID}`)}`);
    expect(afterSignIn(signIn.slice(signIn.indexOf('?') + 1), '/families')).toBe(`/plans/${PLAN_ID}`);
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
