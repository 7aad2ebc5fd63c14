import { createRemoteJWKSet, jwtVerify, JWTVerifyGetKey } from 'jose';
import { ROLES, Role } from '@tellonce/contracts';
import type { Principal } from './principal';

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export class InvalidTokenError extends Error {}

/** Verifies a bearer token against the issuer's JWKS (cached, refreshed on unknown key ids). */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 1000, timeoutDuration: 3000 });
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new InvalidTokenError('missing bearer token');
    try {
      const { payload } = await jwtVerify(match[1], this.keys, { issuer: this.options.issuer, audience: this.options.audience });
      const role = payload['role'];
      if (typeof payload.sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
        throw new InvalidTokenError('token lacks sub or a known role');
      }
      const principal: Principal = { sub: payload.sub, role: role as Role };
      if (typeof payload['agencyId'] === 'string') principal.agencyId = payload['agencyId'];
      if (typeof payload['hubId'] === 'string') principal.hubId = payload['hubId'];
      if ((role === 'practitioner' || role === 'agency-system') && !principal.agencyId) throw new InvalidTokenError('agency role without agencyId');
      return principal;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError('token could not be verified');
    }
  }
}
