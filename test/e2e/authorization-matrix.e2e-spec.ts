import { randomUUID } from 'node:crypto';
import { AUTHORIZATION_MATRIX, ROLES, Role } from '@tellonce/contracts';
import { api, bearer } from './support/api';

// Walks the ONE authorisation table: every endpoint with every role, through the gateway.
// A role the table does not list must get 403; a listed role must never be refused for its role;
// and no call, whatever its (empty or nonsense) input, may cause a 5xx.
const claimsFor = (role: Role) => ({
  role,
  sub: `matrix-${role}`,
  ...(role === 'practitioner' || role === 'agency-system' ? { agencyId: 'matrix-agency' } : {}),
  ...(role === 'coordinator' ? { hubId: 'hub-north' } : {}),
});

const cases = Object.entries(AUTHORIZATION_MATRIX).flatMap(([key, allowed]) => ROLES.map((role) => ({ key, role, allowed: allowed.includes(role) })));

describe('authorisation matrix, walked end to end', () => {
  it.each(cases)('$key as $role (allowed: $allowed)', async ({ key, role, allowed }) => {
    const [method, pattern] = key.split(' ');
    const path = pattern.replace(/:[A-Za-z]+/g, () => randomUUID());
    const auth = await bearer(claimsFor(role));
    const req = method === 'GET' ? api().get(path) : method === 'POST' ? api().post(path).send({}) : method === 'PATCH' ? api().patch(path).send({}) : api().delete(path);
    const res = await req.set(auth);
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(401);
    if (allowed) {
      // Out-of-scope is 404 and bad input 400/409, never 403: a listed role is not refused at all.
      expect(res.status).not.toBe(403);
    } else {
      expect(res.status).toBe(403);
    }
  });
});
