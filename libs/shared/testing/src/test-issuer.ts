import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';

export interface TestClaims {
  sub?: string;
  role: string;
  agencyId?: string;
  hubId?: string;
}

export interface TestIssuer {
  jwksUrl: string;
  issuer: string;
  audience: string;
  token(claims: TestClaims): Promise<string>;
  /** A token signed by a key the JWKS does not publish. */
  forgedToken(claims: TestClaims): Promise<string>;
  close(): Promise<void>;
}

/** A real JWKS endpoint on loopback for integration tests: services verify tokens exactly as in production. */
export async function startTestIssuer(issuer = 'tellonce-dev', audience = 'tellonce'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const forged = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sign = (claims: TestClaims, key: KeyLike) =>
    new SignJWT({ role: claims.role, ...(claims.agencyId ? { agencyId: claims.agencyId } : {}), ...(claims.hubId ? { hubId: claims.hubId } : {}) })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setSubject(claims.sub ?? `test-${claims.role}`)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer,
    audience,
    token: (claims) => sign(claims, privateKey),
    forgedToken: (claims) => sign(claims, forged.privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
