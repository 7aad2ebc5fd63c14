import { AUTHORIZATION_MATRIX, Role } from '@tellonce/contracts';
import type { ServiceName } from '../gateway.config';

/** Which service owns a public path. Most specific first: family sub-resources belong to their services. */
const OWNERS: [RegExp, ServiceName][] = [
  [/^\/v1\/families\/[^/]+\/(consents|safeguarding-overrides)(\/|$)/, 'consent'],
  [/^\/v1\/families\/[^/]+\/plans(\/|$)/, 'plans'],
  [/^\/v1\/families\/[^/]+\/timeline(\/|$)/, 'timeline'],
  [/^\/v1\/(families|referrals|directory)(\/|$)/, 'referrals'],
  [/^\/v1\/(consents|consent|audit)(\/|$)/, 'consent'],
  [/^\/v1\/plans(\/|$)/, 'plans'],
  [/^\/v1\/(subscriptions|notifications)(\/|$)/, 'notifications'],
  // The gateway answers the rest of /v1/ops itself; exhausted webhook deliveries live in notifications.
  [/^\/v1\/ops\/webhook-dead-letters\/?$/, 'notifications'],
];

export function ownerOf(path: string): ServiceName | undefined {
  return OWNERS.find(([pattern]) => pattern.test(path))?.[1];
}

interface MatrixRoute {
  method: string;
  pattern: RegExp;
  key: string;
  roles: readonly Role[];
  literalSegments: number;
}

const MATRIX_ROUTES: MatrixRoute[] = Object.entries(AUTHORIZATION_MATRIX)
  .map(([key, roles]) => {
    const [method, path] = key.split(' ');
    const segments = path.split('/').filter(Boolean);
    const pattern = new RegExp('^/' + segments.map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))).join('/') + '/?$');
    return { method, pattern, key, roles, literalSegments: segments.filter((s) => !s.startsWith(':')).length };
  })
  // Prefer literal segments over params (`/v1/audit/verify` before a hypothetical `/v1/audit/:id`).
  .sort((a, b) => b.literalSegments - a.literalSegments);

/** The matrix entry for a concrete request, or undefined when no such endpoint exists. */
export function matchEndpoint(method: string, path: string): MatrixRoute | undefined {
  return MATRIX_ROUTES.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
}

export function pathExists(path: string): boolean {
  return MATRIX_ROUTES.some((r) => r.pattern.test(path));
}
