// The signed-in user: a bearer token plus the claims the console needs to shape its pages.
// Kept in sessionStorage, so it ends with the browser tab.

export const ROLES = ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const AGENCY_ROLES: readonly Role[] = ['practitioner', 'agency-system'];
export const HUB_ROLES: readonly Role[] = ['coordinator', 'safeguarding-lead', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  coordinator: 'Case coordinator',
  practitioner: 'Practitioner (partner agency)',
  'agency-system': 'Agency system (integration)',
  'safeguarding-lead': 'Safeguarding lead',
  auditor: 'Auditor',
  ops: 'Operations',
  admin: 'Administrator',
};

export interface Session {
  token: string;
  sub: string;
  role: Role;
  agencyId?: string;
  hubId?: string;
  /** With OIDC sign-in: the provider's ID token, sent back when signing out of the provider too. */
  idToken?: string;
}

const KEY = 'tellonce.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

export function getSession(): Session | null {
  if (cached !== undefined) return cached;
  try {
    const raw = sessionStorage.getItem(KEY);
    cached = raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    cached = null;
  }
  return cached;
}

export function setSession(session: Session | null): void {
  cached = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'practitioner':
    case 'agency-system':
      return '/inbox';
    case 'ops':
      return '/ops';
    case 'auditor':
      return '/home';
    default:
      return '/families';
  }
}
