// The console's pages: which path opens which page, and who may open it. Plain data and functions
// (no React), so the table can be tested without a browser. Emails and notices link to these paths
// (notifications' CONSOLE_URL + `/referrals/<id>` or `/plans/<id>`): a link the table does not know lands
// on "Page not found".
import type { Role } from './session';

export type PageName = 'families' | 'register-family' | 'family' | 'raise-referral' | 'referral' | 'plan' | 'inbox' | 'ops' | 'home';

export interface PageDef {
  name: PageName;
  pattern: string;
  /** Who may open the page; anyone signed in when absent. */
  roles?: readonly Role[];
}

export const FAMILY_ROLES: readonly Role[] = ['coordinator', 'safeguarding-lead', 'admin'];
export const REFERRAL_ROLES: readonly Role[] = ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'];
/** The roles GET /v1/plans/:id admits (the same as a referral's); the plans service then scopes what each sees. */
export const PLAN_ROLES: readonly Role[] = ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'admin'];

/** First match wins: `/families/new` before `/families/:id`. */
export const PAGES: readonly PageDef[] = [
  { name: 'families', pattern: '/families', roles: FAMILY_ROLES },
  { name: 'register-family', pattern: '/families/new', roles: ['coordinator', 'admin'] },
  { name: 'family', pattern: '/families/:id', roles: FAMILY_ROLES },
  { name: 'raise-referral', pattern: '/families/:id/referrals/new', roles: ['coordinator', 'admin'] },
  // Urgent notification emails link here: the agency reads the referral (its route) and acts on it.
  { name: 'referral', pattern: '/referrals/:id', roles: REFERRAL_ROLES },
  // Plan notices (action assigned, action or review overdue) link here: the reader sees the plan and moves actions.
  { name: 'plan', pattern: '/plans/:id', roles: PLAN_ROLES },
  { name: 'inbox', pattern: '/inbox', roles: ['practitioner', 'agency-system'] },
  { name: 'ops', pattern: '/ops', roles: ['ops', 'admin'] },
  { name: 'home', pattern: '/home' },
];

export function match(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function findPage(pathname: string): { page: PageDef; params: Record<string, string> } | null {
  for (const page of PAGES) {
    const params = match(page.pattern, pathname);
    if (params) return { page, params };
  }
  return null;
}

/** Where a signed-out visitor is sent: the sign-in page, remembering the page they asked for. */
export function signInPathFor(pathname: string, search: string): string {
  if (pathname === '/' || pathname === '/sign-in') return '/sign-in';
  return `/sign-in?next=${encodeURIComponent(pathname + (search ? `?${search}` : ''))}`;
}

/** After signing in: the page asked for (a path on this site only), else the role's start page. */
export function afterSignIn(search: string, home: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !/^\/(?![/\\])/.test(next) || next.startsWith('/sign-in')) return home;
  return next;
}
