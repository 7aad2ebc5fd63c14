import { createRemoteJWKSet, jwtVerify, JWTVerifyGetKey } from 'jose';
import { ROLES, Role } from '@tellonce/contracts';
import type { Principal } from './principal';

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export class InvalidTokenError extends Error {}

/** How long a verified token is taken on trust before its signature is checked again. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Verifies a bearer token against the issuer's JWKS (cached, refreshed on unknown key ids).
 *
 * A token that verified is remembered for up to a minute, and never past its own expiry, so a
 * client's next requests skip the signature check. That check was about 5 % of a service's CPU
 * under load (docs/benchmarks.md). Only tokens that verified are remembered, at most 10,000 of
 * them, oldest dropped first. The cost: a signing key withdrawn from the JWKS still lets tokens it
 * signed through for up to a minute, if they were seen before (ADR 4).
 */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly options: TokenVerifierOptions,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys = keys ?? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 1000, timeoutDuration: 3000 });
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new InvalidTokenError('missing bearer token');
    const token = match[1];
    const known = this.verified.get(token);
    if (known && Date.now() < known.until) return { ...known.principal };
    if (known) this.verified.delete(token);
    const { principal, expiresAt } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, until: Math.min(Date.now() + VERIFIED_TOKEN_TTL_MS, expiresAt ?? Infinity) });
    return { ...principal };
  }

  private async verifySignature(token: string): Promise<{ principal: Principal; expiresAt?: number }> {
    try {
      const { payload } = await jwtVerify(token, this.keys, { issuer: this.options.issuer, audience: this.options.audience });
      const role = payload['role'];
      if (typeof payload.sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
        throw new InvalidTokenError('token lacks sub or a known role');
      }
      const principal: Principal = { sub: payload.sub, role: role as Role };
      if (typeof payload['agencyId'] === 'string') principal.agencyId = payload['agencyId'];
      if (typeof payload['hubId'] === 'string') principal.hubId = payload['hubId'];
      if ((role === 'practitioner' || role === 'agency-system') && !principal.agencyId) throw new InvalidTokenError('agency role without agencyId');
      // Claims end up in audit entries and events, which PostgreSQL could not store with a NUL in them.
      if ([principal.sub, principal.agencyId, principal.hubId].some((claim) => claim?.includes('\u0000'))) throw new InvalidTokenError('claim with a NUL character');
      return { principal, ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}) };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError('token could not be verified');
    }
  }
}
