import { AUTHORIZATION_MATRIX } from '@tellonce/contracts';
import { matchEndpoint, ownerOf, pathExists } from './route-table';

describe('gateway route table', () => {
  it.each([
    ['/v1/families', 'referrals'],
    ['/v1/families/abc', 'referrals'],
    ['/v1/families/abc/members', 'referrals'],
    ['/v1/families/abc/consents', 'consent'],
    ['/v1/families/abc/safeguarding-overrides', 'consent'],
    ['/v1/families/abc/plans', 'plans'],
    ['/v1/families/abc/timeline', 'timeline'],
    ['/v1/referrals/r1/routes/x/transitions', 'referrals'],
    ['/v1/directory/needs', 'referrals'],
    ['/v1/consents/c1/withdraw', 'consent'],
    ['/v1/consent/decision', 'consent'],
    ['/v1/audit', 'consent'],
    ['/v1/plans/p1/reviews', 'plans'],
    ['/v1/subscriptions/s1/deliveries', 'notifications'],
    ['/v1/notifications', 'notifications'],
    ['/v1/ops/webhook-dead-letters', 'notifications'],
  ])('%s is owned by %s', (path, owner) => {
    expect(ownerOf(path)).toBe(owner);
  });

  it('owns nothing outside the API', () => {
    expect(ownerOf('/v1/unknown')).toBeUndefined();
    expect(ownerOf('/v1/familiesx')).toBeUndefined();
    expect(ownerOf('/v1/ops/status')).toBeUndefined();
    expect(ownerOf('/v1/ops/dead-letters')).toBeUndefined();
  });

  it('gives every matrix endpoint an owner, except the gateway’s own', () => {
    for (const key of Object.keys(AUTHORIZATION_MATRIX)) {
      const path = key.split(' ')[1].replace(/:[A-Za-z]+/g, 'x');
      if (path.startsWith('/v1/ops/') && !path.startsWith('/v1/ops/webhook-dead-letters')) continue;
      expect([key, ownerOf(path)]).toEqual([key, expect.any(String)]);
    }
  });

  it('matches concrete paths to matrix entries, literal segments first', () => {
    expect(matchEndpoint('GET', '/v1/audit/verify')?.key).toBe('GET /v1/audit/verify');
    expect(matchEndpoint('post', '/v1/referrals/r1/routes/x/transitions')?.key).toBe('POST /v1/referrals/:id/routes/:routeId/transitions');
    expect(matchEndpoint('DELETE', '/v1/referrals/r1')).toBeUndefined();
    expect(pathExists('/v1/referrals/r1')).toBe(true);
    expect(pathExists('/v1/referrals/r1/nothing')).toBe(false);
  });
});
