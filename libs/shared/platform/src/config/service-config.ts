import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

/** What every process needs (the gateway too). */
export class BaseConfig {
  @IsInt() @Min(1) @Max(65535) PORT = 3000;
  @IsString() @IsNotEmpty() KAFKA_BROKERS = '127.0.0.1:9092';
  @IsString() @IsNotEmpty() REDIS_URL = 'redis://127.0.0.1:6379';
  /** JWKS of the token issuer: the authority's OIDC provider, or the gateway's dev key in dev mode. */
  @IsString() @IsNotEmpty() AUTH_JWKS_URL = 'http://127.0.0.1:8080/.well-known/jwks.json';
  @IsString() @IsNotEmpty() AUTH_ISSUER = 'tellonce-dev';
  @IsString() @IsNotEmpty() AUTH_AUDIENCE = 'tellonce';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** The relay runs when a staging transaction commits; this slow poll only finds rows it was not told of. */
  @IsInt() @Min(1) OUTBOX_POLL_MS = 1000;
  @IsInt() @Min(1) CONSUMER_MAX_ATTEMPTS = 5;
  @IsString() @IsNotEmpty() BODY_LIMIT = '1mb';
}

/** What every service with its own database needs. Each app extends it with its own variables. */
export class ServiceConfig extends BaseConfig {
  @IsString() @IsNotEmpty() DATABASE_URL = '';
}

export function databaseUrlFor(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.DB_PREFIX || 'tellonce';
  const host = env.PGHOST || '127.0.0.1';
  const port = env.PGPORT || '5432';
  const user = env.PGUSER || 'postgres';
  const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : '';
  return `postgres://${user}${password}@${host}:${port}/${prefix}_${service}`;
}
