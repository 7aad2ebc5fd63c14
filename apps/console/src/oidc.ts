// Signing in with the authority's identity provider: OpenID Connect authorisation code flow with
// PKCE (RFC 7636), as a public client. The browser holds no client secret; the code it gets back is
// worth nothing without the verifier that only this tab kept. The gateway says where the provider is
// (GET /v1/auth/config); the provider's access token is the bearer token the API verifies.
import { useEffect, useState } from 'react';
import { api } from './api';
import { ROLES, type Role, type Session } from './session';

export type SignInConfig =
  | { mode: 'dev' }
  | { mode: 'oidc'; issuer: string; clientId: string; authorizationEndpoint: string; tokenEndpoint: string; endSessionEndpoint?: string; scope: string; resource?: string };

export type OidcConfig = Extract<SignInConfig, { mode: 'oidc' }>;

let configPromise: Promise<SignInConfig> | null = null;

/** How this console signs people in, asked of the gateway once per page load (a failure is asked again). */
export function loadSignInConfig(): Promise<SignInConfig> {
  configPromise ??= api<SignInConfig>('/v1/auth/config', { auth: false }).catch((error: unknown) => {
    configPromise = null;
    throw error;
  });
  return configPromise;
}

/** The sign-in config once known: undefined while asking, null when the gateway could not say. */
export function useSignInConfig(): SignInConfig | null | undefined {
  const [config, setConfig] = useState<SignInConfig | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadSignInConfig().then(
      (c) => live && setConfig(c),
      () => live && setConfig(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return config;
}

/** What this tab remembers between leaving for the provider and coming back. */
export interface PendingSignIn {
  state: string;
  verifier: string;
  /** The page asked for before signing in (`?next=` of the sign-in page). */
  search: string;
}

export const CALLBACK_PATH = '/sign-in/callback';
const PENDING_KEY = 'tellonce.oidc.pending';

export class SignInError extends Error {}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636: a 43-character verifier from 32 random bytes, and its S256 challenge. */
export async function createPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomString(32);
  return { verifier, challenge: await challengeFor(verifier) };
}

export async function challengeFor(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function redirectUri(origin: string): string {
  return `${origin}${CALLBACK_PATH}`;
}

export function authorizationUrl(config: OidcConfig, params: { origin: string; state: string; challenge: string }): string {
  const url = new URL(config.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri(params.origin));
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('state', params.state);
  url.searchParams.set('code_challenge', params.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (config.resource) url.searchParams.set('resource', config.resource);
  return url.href;
}

/** The sign-out page of the provider, so a shared computer in a hub does not stay signed in there. */
export function endSessionUrl(config: OidcConfig, session: Pick<Session, 'idToken'>, origin: string): string | null {
  if (!config.endSessionEndpoint) return null;
  const url = new URL(config.endSessionEndpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${origin}/sign-in`);
  if (session.idToken) url.searchParams.set('id_token_hint', session.idToken);
  return url.href;
}

function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new SignInError('The identity provider sent a token the console cannot read.');
  try {
    const json = decodeURIComponent(
      Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const claims: unknown = JSON.parse(json);
    if (claims && typeof claims === 'object') return claims as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new SignInError('The identity provider sent a token the console cannot read.');
}

/**
 * The session the console keeps, from the provider's access token. The console reads the claims only
 * to shape its pages; every API call is checked by the gateway and the services, which verify the
 * token's signature. A token without a TellOnce role is turned away here with a message a person can
 * act on, rather than with a 403 on every page.
 */
export function sessionFromTokens(tokens: { access_token?: unknown; id_token?: unknown }): Session {
  if (typeof tokens.access_token !== 'string') throw new SignInError('The identity provider did not send an access token.');
  const claims = claimsOf(tokens.access_token);
  const str = (name: string) => (typeof claims[name] === 'string' && claims[name] !== '' ? (claims[name] as string) : undefined);
  const sub = str('sub');
  const role = str('role');
  if (!sub || !role || !(ROLES as readonly string[]).includes(role)) {
    throw new SignInError('Your account has no TellOnce role. Ask your TellOnce administrator to give you one.');
  }
  const session: Session = { token: tokens.access_token, sub, role: role as Role };
  const agencyId = str('agencyId');
  const hubId = str('hubId');
  if (agencyId) session.agencyId = agencyId;
  if (hubId) session.hubId = hubId;
  if (typeof tokens.id_token === 'string') session.idToken = tokens.id_token;
  return session;
}

export function hasPendingSignIn(): boolean {
  return sessionStorage.getItem(PENDING_KEY) !== null;
}

/** Leaves for the provider. What the callback needs is kept in this tab only. */
export async function startSignIn(config: OidcConfig, search: string): Promise<void> {
  const { verifier, challenge } = await createPkce();
  const pending: PendingSignIn = { state: randomString(16), verifier, search };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(authorizationUrl(config, { origin: location.origin, state: pending.state, challenge }));
}

/** Back from the provider: checks the state, redeems the code with the verifier, and returns the session. */
export async function finishSignIn(config: OidcConfig, callbackSearch: string): Promise<{ session: Session; search: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY); // one use, whatever happens next
  const params = new URLSearchParams(callbackSearch);
  const pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
  if (!pending || params.get('state') !== pending.state) throw new SignInError('This sign-in was not started here, or has already been used. Sign in again.');
  const error = params.get('error');
  if (error) throw new SignInError(error === 'access_denied' ? 'Signing in was cancelled.' : 'The identity provider could not sign you in. Try again.');
  const iss = params.get('iss');
  if (iss !== null && iss !== config.issuer) throw new SignInError('The answer came from another identity provider. Sign in again.');
  const code = params.get('code');
  if (!code) throw new SignInError('The identity provider sent no sign-in code. Sign in again.');
  let response: Response;
  try {
    response = await fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(location.origin), client_id: config.clientId, code_verifier: pending.verifier }),
    });
  } catch {
    throw new SignInError('The identity provider could not be reached. Check your connection and sign in again.');
  }
  if (!response.ok) throw new SignInError('The identity provider refused this sign-in. Sign in again.');
  return { session: sessionFromTokens((await response.json()) as Record<string, unknown>), search: pending.search };
}
