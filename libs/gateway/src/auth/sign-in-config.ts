import { Logger } from '@nestjs/common';
import { ProblemException } from '@tellonce/platform';
import type { GatewayConfig } from '../gateway.config';

/** What the console needs to sign a person in. The console reads it from GET /v1/auth/config. */
export type SignInConfig =
  | { mode: 'dev' }
  | {
      mode: 'oidc';
      issuer: string;
      clientId: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      endSessionEndpoint?: string;
      scope: string;
      resource?: string;
    };

type Fetch = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** A known discovery document is refreshed hourly; a failed read is retried after ten seconds. */
const FRESH_MS = 3_600_000;
const RETRY_MS = 10_000;
/** Ops status asks the provider itself at most this often (the console polls status every 5 s). */
const HEALTH_MS = 30_000;

/** Whether people can sign in to the console now, for ops status. */
export type SignInHealth = { mode: 'dev'; status: 'ok' } | { mode: 'oidc'; status: 'ok' | 'down'; checkedAt: string };

function issuerUrl(issuer: string): URL | null {
  try {
    const url = new URL(issuer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/** An endpoint the browser is sent to or posts codes to: https, or plain http on this machine only. */
function endpoint(document: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = document[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') throw new Error(`the discovery document has no ${name}`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) throw new Error(`${name} is not https`);
  return url.href;
}

/**
 * In `oidc` mode, reads the provider's discovery document (OpenID Connect Discovery 1.0, at the
 * issuer + /.well-known/openid-configuration) so the console only needs the gateway's address.
 * The document must name the configured issuer, as the specification requires: a document that
 * names another is refused rather than trusted.
 */
export class SignInConfigSource {
  private readonly logger = new Logger('SignInConfig');
  private known: { config: SignInConfig; at: number } | null = null;
  /** The last read of the discovery document, good or not. */
  private lastRead: { ok: boolean; at: number } | null = null;
  private pending: Promise<SignInConfig> | null = null;
  /** Set on every gateway answer (the CSP), so worked out only when discovery changes it. */
  private sources: string[];

  constructor(
    private readonly config: Pick<GatewayConfig, 'AUTH_MODE' | 'AUTH_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_SCOPE' | 'OIDC_RESOURCE'>,
    private readonly fetchImpl: Fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {
    this.sources = this.originsToAllow();
  }

  async get(): Promise<SignInConfig> {
    if (this.config.AUTH_MODE === 'dev') return { mode: 'dev' };
    const known = this.known;
    const failedLately = this.lastRead !== null && !this.lastRead.ok && this.now() - this.lastRead.at < RETRY_MS;
    if (known && (this.now() - known.at < FRESH_MS || failedLately)) return known.config;
    if (failedLately) throw unavailable();
    try {
      return await this.read();
    } catch {
      // A provider that is down keeps the last document it gave: the endpoints rarely move.
      if (known) return known.config;
      throw unavailable();
    }
  }

  /**
   * Reads the discovery document again when the last read is over 30 s old, so ops status shows a
   * provider that went down (sign-in then keeps working from the last good document only as long as
   * the provider's own endpoints answer, which ops cannot see from here).
   */
  async health(): Promise<SignInHealth> {
    if (this.config.AUTH_MODE === 'dev') return { mode: 'dev', status: 'ok' };
    if (!this.lastRead || this.now() - this.lastRead.at >= HEALTH_MS) await this.read().catch(() => undefined);
    const read = this.lastRead!;
    return { mode: 'oidc', status: read.ok ? 'ok' : 'down', checkedAt: new Date(read.at).toISOString() };
  }

  /**
   * Origins the console's code may call besides its own: the provider's token endpoint (the
   * browser redeems its code there). The issuer's origin is allowed before discovery has run, so
   * a page served before the first read can still finish signing in.
   */
  connectSources(): readonly string[] {
    return this.sources;
  }

  private originsToAllow(): string[] {
    const issuer = issuerUrl(this.config.AUTH_ISSUER);
    if (this.config.AUTH_MODE === 'dev' || !issuer) return [];
    const origins = new Set([issuer.origin]);
    const known = this.known?.config;
    if (known?.mode === 'oidc') origins.add(new URL(known.tokenEndpoint).origin);
    return [...origins];
  }

  /** One read of the discovery document at a time, however many callers ask. */
  private read(): Promise<SignInConfig> {
    this.pending ??= this.discover().finally(() => (this.pending = null));
    return this.pending;
  }

  private async discover(): Promise<SignInConfig> {
    const issuer = this.config.AUTH_ISSUER;
    try {
      // An issuer named by a plain string still verifies API tokens, but there is nowhere to sign in.
      if (!issuerUrl(issuer)) throw new Error('AUTH_ISSUER is not an http(s) address, so the console cannot sign in');
      const response = await this.fetchImpl(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
      if (!response.ok) throw new Error(`the discovery document answered ${response.status}`);
      const document = (await response.json()) as Record<string, unknown>;
      if (document === null || typeof document !== 'object') throw new Error('the discovery document is not an object');
      if (document['issuer'] !== issuer) throw new Error('the discovery document names another issuer than AUTH_ISSUER');
      const config: SignInConfig = {
        mode: 'oidc',
        issuer,
        clientId: this.config.OIDC_CLIENT_ID,
        authorizationEndpoint: endpoint(document, 'authorization_endpoint', true)!,
        tokenEndpoint: endpoint(document, 'token_endpoint', true)!,
        scope: this.config.OIDC_SCOPE,
      };
      const endSession = endpoint(document, 'end_session_endpoint', false);
      if (endSession) config.endSessionEndpoint = endSession;
      if (this.config.OIDC_RESOURCE) config.resource = this.config.OIDC_RESOURCE;
      this.known = { config, at: this.now() };
      this.lastRead = { ok: true, at: this.now() };
      this.sources = this.originsToAllow();
      return config;
    } catch (error) {
      this.lastRead = { ok: false, at: this.now() };
      this.logger.warn(`the OIDC provider's discovery document could not be used: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}

function unavailable(): ProblemException {
  return new ProblemException(503, 'Sign-in is unavailable: the identity provider could not be reached. Try again in a minute.');
}
