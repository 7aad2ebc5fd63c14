import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';

/**
 * Local development only (AUTH_MODE=dev): a signing key made at start-up (never committed), its
 * public half published as JWKS for the services, and tokens minted on request.
 */
export class DevTokenIssuer {
  private constructor(
    private readonly privateKey: KeyLike,
    readonly jwk: JWK,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  static async create(issuer: string, audience: string): Promise<DevTokenIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const kid = `dev-${Date.now().toString(36)}`;
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return new DevTokenIssuer(privateKey, jwk, issuer, audience);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  async issue(claims: { sub: string; role: string; agencyId?: string; hubId?: string }, ttl = '8h'): Promise<string> {
    const extra: Record<string, string> = { role: claims.role };
    if (claims.agencyId) extra['agencyId'] = claims.agencyId;
    if (claims.hubId) extra['hubId'] = claims.hubId;
    return new SignJWT(extra)
      .setProtectedHeader({ alg: 'ES256', kid: this.jwk.kid })
      .setSubject(claims.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(ttl)
      .sign(this.privateKey);
  }
}
