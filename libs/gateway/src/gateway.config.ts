import { IsBooleanString, IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { BaseConfig } from '@tellonce/platform';

export class GatewayConfig extends BaseConfig {
  @IsInt() @Min(1) @Max(65535) GATEWAY_PORT = 8080;
  /** `dev`: the gateway signs tokens itself (POST /v1/auth/dev-token); `oidc`: tokens come from the authority's provider. */
  @IsIn(['dev', 'oidc']) AUTH_MODE = 'dev';
  /** `oidc` only: the console's client at the provider (a public client: PKCE, no secret). */
  @IsString() @IsNotEmpty() OIDC_CLIENT_ID = 'tellonce-console';
  /** `oidc` only: scopes the console asks for; some providers name the API here (`api://tellonce/.default`). */
  @IsString() @IsNotEmpty() OIDC_SCOPE = 'openid';
  /** `oidc` only: the API's resource indicator (RFC 8707), for providers that issue API tokens by resource; empty sends none. */
  @IsString() OIDC_RESOURCE = '';
  @IsString() @IsNotEmpty() REFERRALS_URL = 'http://127.0.0.1:3001';
  @IsString() @IsNotEmpty() CONSENT_URL = 'http://127.0.0.1:3002';
  @IsString() @IsNotEmpty() PLANS_URL = 'http://127.0.0.1:3003';
  @IsString() @IsNotEmpty() NOTIFICATIONS_URL = 'http://127.0.0.1:3004';
  @IsString() @IsNotEmpty() TIMELINE_URL = 'http://127.0.0.1:3005';
  @IsInt() @Min(100) UPSTREAM_TIMEOUT_MS = 15000;
  @IsInt() @Min(1024) BODY_LIMIT_BYTES = 1048576;
  /** Requests in flight to one service before the gateway sheds load with 503 + Retry-After. */
  @IsInt() @Min(1) UPSTREAM_MAX_INFLIGHT = 64;
  @IsInt() @Min(60) IDEMPOTENCY_TTL_SECONDS = 86400;
  /** How long a request waits for a twin with the same Idempotency-Key to finish before a 409. */
  @IsInt() @Min(0) IDEMPOTENCY_WAIT_MS = 10000;
  @IsBooleanString() SERVE_CONSOLE = 'true';
  /** Consumer groups ops reads lag for are `tellonce.<service><suffix>`; defaults to the services' own suffix. */
  @IsString() OPS_CONSUMER_GROUP_SUFFIX = process.env.KAFKA_CONSUMER_GROUP_SUFFIX ?? '';
}

export const SERVICE_NAMES = ['referrals', 'consent', 'plans', 'notifications', 'timeline'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function serviceUrls(config: GatewayConfig): Record<ServiceName, string> {
  return {
    referrals: config.REFERRALS_URL,
    consent: config.CONSENT_URL,
    plans: config.PLANS_URL,
    notifications: config.NOTIFICATIONS_URL,
    timeline: config.TIMELINE_URL,
  };
}
