import { useEffect, useState } from 'react';
import { ErrorSummary, PageHeading } from '../components';
import { keepDraftsOnlyFor } from '../drafts';
import { finishSignIn, hasPendingSignIn, loadSignInConfig, SignInError } from '../oidc';
import { Link, navigate } from '../router';
import { afterSignIn } from '../routes';
import { getSession, homeFor, setSession } from '../session';

// One exchange per page load: a code can be redeemed once, and the effect below may run again (React's
// development mode runs effects twice; the address bar no longer holds the code by then).
let running: Promise<{ search: string; home: string }> | null = null;

function exchange(search: string): Promise<{ search: string; home: string }> {
  if (running) return running;
  const signedIn = getSession();
  // Already signed in and nothing started here (the back button, a reload): carry on rather than fail.
  if (signedIn && !hasPendingSignIn()) return Promise.resolve({ search: '', home: homeFor(signedIn.role) });
  running = loadSignInConfig().then(async (config) => {
    if (config.mode !== 'oidc') throw new SignInError('This console does not sign in through an identity provider.');
    const { session, search: next } = await finishSignIn(config, search);
    keepDraftsOnlyFor(session);
    setSession(session);
    return { search: next, home: homeFor(session.role) };
  });
  return running;
}

/** Back from the identity provider (`/sign-in/callback?code=…&state=…`): finish signing in, then open the page asked for. */
export function SignInCallbackPage() {
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const search = location.search;
    // The code must not stay in the address bar or the history.
    history.replaceState(null, '', '/sign-in/callback');
    exchange(search).then(
      ({ search: next, home }) => navigate(afterSignIn(next, home), { replace: true }),
      (error: unknown) => live && setMessage(error instanceof SignInError ? error.message : 'Signing in did not finish. Sign in again.'),
    );
    return () => {
      live = false;
    };
  }, []);

  if (!message) {
    return (
      <div className="narrow">
        <PageHeading title="Signing in">Signing you in</PageHeading>
        <p className="lead" role="status">Signing you in…</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <ErrorSummary problem={{ title: 'You are not signed in', detail: message, errors: [] }} />
      <PageHeading title="Sign in">Sign in to TellOnce</PageHeading>
      <p>
        <Link to="/sign-in">Sign in again</Link>
      </p>
    </div>
  );
}
