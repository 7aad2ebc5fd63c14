import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { clearDirectoryCache, PageHeading } from './components';
import { FamiliesPage } from './pages/FamiliesPage';
import { FamilyPage } from './pages/FamilyPage';
import { InboxPage } from './pages/InboxPage';
import { OpsPage } from './pages/OpsPage';
import { PlanPage } from './pages/PlanPage';
import { RaiseReferralPage } from './pages/RaiseReferralPage';
import { ReferralPage } from './pages/ReferralPage';
import { RegisterFamilyPage } from './pages/RegisterFamilyPage';
import { SignInCallbackPage } from './pages/SignInCallbackPage';
import { SignInPage } from './pages/SignInPage';
import { clearAllDrafts } from './drafts';
import { CALLBACK_PATH, endSessionUrl, loadSignInConfig, useSignInConfig } from './oidc';
import { Link, navigate, useLocation } from './router';
import { FAMILY_ROLES, findPage, signInPathFor, type PageName } from './routes';
import { getSession, homeFor, ROLE_LABELS, setSession, subscribeSession, type Role, type Session } from './session';

const RENDER: Record<PageName, (params: Record<string, string>, session: Session) => ReactNode> = {
  families: () => <FamiliesPage />,
  'register-family': (_p, s) => <RegisterFamilyPage session={s} />,
  family: (p, s) => <FamilyPage key={p.id} familyId={p.id} session={s} />,
  'raise-referral': (p, s) => <RaiseReferralPage key={p.id} familyId={p.id} session={s} />,
  referral: (p, s) => <ReferralPage key={p.id} referralId={p.id} session={s} />,
  plan: (p, s) => <PlanPage key={p.id} planId={p.id} session={s} />,
  inbox: (_p, s) => <InboxPage session={s} />,
  ops: () => <OpsPage />,
  home: (_p, s) => <HomePage session={s} />,
};

const NAV: { to: string; label: string; roles: readonly Role[] }[] = [
  { to: '/families', label: 'Families', roles: FAMILY_ROLES },
  { to: '/inbox', label: 'Inbox', roles: ['practitioner', 'agency-system'] },
  { to: '/ops', label: 'Service health', roles: ['ops', 'admin'] },
];

/** Ends the console's session and, with OIDC, the provider's too: hub computers are shared. */
async function signOut(session: Session): Promise<void> {
  clearAllDrafts();
  setSession(null);
  clearDirectoryCache();
  const config = await loadSignInConfig().catch(() => null);
  const providerSignOut = config?.mode === 'oidc' ? endSessionUrl(config, session, location.origin) : null;
  if (providerSignOut) location.assign(providerSignOut);
  else navigate('/sign-in');
}

export function App() {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const { pathname, search } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  const signInConfig = useSignInConfig();

  // Move focus to the new page's heading after client-side navigation (not on first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.getElementById('page-heading');
    (heading ?? mainRef.current)?.focus();
  }, [pathname]);

  let content: ReactNode;
  if (pathname === CALLBACK_PATH) {
    content = <SignInCallbackPage />;
  } else if (!session) {
    content = pathname === '/sign-in' ? <SignInPage /> : <Redirect to={signInPathFor(pathname, search)} />;
  } else if (pathname === '/' || pathname === '/sign-in') {
    content = <Redirect to={homeFor(session.role)} />;
  } else {
    const found = findPage(pathname);
    if (!found) content = <NotFoundPage />;
    else if (found.page.roles && !found.page.roles.includes(session.role)) content = <NotAllowedPage session={session} />;
    else content = RENDER[found.page.name](found.params, session);
  }

  return (
    <>
      <a href="#main" className="skip-link" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); mainRef.current?.scrollIntoView(); }}>
        Skip to main content
      </a>
      <header className="header" role="banner">
        <div className="width-container header__inner">
          <Link to="/" className="header__service">
            TellOnce <span className="header__tagline">Family Hubs</span>
          </Link>
          {session ? (
            <div className="header__account">
              <span className="header__who">
                Signed in as <strong>{session.sub}</strong> ({ROLE_LABELS[session.role]}
                {session.agencyId ? `, ${session.agencyId}` : ''}
                {session.hubId ? `, ${session.hubId}` : ''})
              </span>
              <button
                type="button"
                className="header__signout"
                onClick={() => signOut(session)}
              >
                Sign out
              </button>
            </div>
          ) : null}
        </div>
        {session ? (
          <nav className="service-nav" aria-label="Menu">
            <ul className="width-container service-nav__list">
              {NAV.filter((n) => n.roles.includes(session.role)).map((n) => (
                <li key={n.to} className="service-nav__item">
                  <Link to={n.to} aria-current={pathname.startsWith(n.to) ? 'page' : undefined} className="service-nav__link">
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <div className="width-container">
        {signInConfig?.mode === 'dev' ? (
          <div className="phase-banner">
            <strong className="tag tag--blue">Dev</strong> <span>This console signs you in with development tokens. Do not enter real family details.</span>
          </div>
        ) : null}
        <main id="main" className="main" tabIndex={-1} ref={mainRef}>
          {content}
        </main>
      </div>
      <footer className="footer" role="contentinfo">
        <div className="width-container">
          <p>TellOnce: a family tells their story once.</p>
        </div>
      </footer>
    </>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}

function HomePage({ session }: { session: Session }) {
  return (
    <>
      <PageHeading title="Home">Home</PageHeading>
      <p className="lead">You are signed in as {ROLE_LABELS[session.role].toLowerCase()}.</p>
      <p>The console has no pages for this role yet. Use the API (see <a href="/v1/openapi.json">the OpenAPI description</a>).</p>
    </>
  );
}

function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>If you typed the web address, check it is correct.</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </>
  );
}

function NotAllowedPage({ session }: { session: Session }) {
  return (
    <>
      <PageHeading title="You cannot see this page">You cannot see this page</PageHeading>
      <p>Your role ({ROLE_LABELS[session.role].toLowerCase()}) does not give access to this page.</p>
      <p>
        <Link to={homeFor(session.role)}>Go to your start page</Link>
      </p>
    </>
  );
}
