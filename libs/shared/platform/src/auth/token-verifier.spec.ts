import { createLocalJWKSet, exportJWK, generateKeyPair, JWTVerifyGetKey, SignJWT } from 'jose';
import { InvalidTokenError, TokenVerifier, VERIFIED_TOKEN_TTL_MS } from './token-verifier';

const options = { jwksUrl: 'http://unused.invalid/jwks', issuer: 'https://issuer.test', audience: 'tellonce' };

async function setUp() {
  const signing = await generateKeyPair('ES256');
  const other = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'ES256' };
  const local = createLocalJWKSet({ keys: [jwk] });
  let lookups = 0;
  const keys: JWTVerifyGetKey = (header, token) => {
    lookups++;
    return local(header, token);
  };
  const token = (expiresInSeconds: number, key = signing.privateKey) =>
    new SignJWT({ role: 'coordinator', hubId: 'hub-north' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('coord-1')
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(key);
  return { verifier: new TokenVerifier(options, keys), token, otherKey: other.privateKey, lookups: () => lookups };
}

describe('TokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('checks a signature once and then answers from memory, with a copy the caller may change', async () => {
    const { verifier, token, lookups } = await setUp();
    const bearer = `Bearer ${await token(3600)}`;
    const first = await verifier.verify(bearer);
    first.hubId = 'changed';
    const second = await verifier.verify(bearer);
    expect(second).toEqual({ sub: 'coord-1', role: 'coordinator', hubId: 'hub-north' });
    expect(lookups()).toBe(1);
  });

  it('checks the signature again after a minute', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { verifier, token, lookups } = await setUp();
    const bearer = `Bearer ${await token(3600)}`;
    await verifier.verify(bearer);
    jest.advanceTimersByTime(VERIFIED_TOKEN_TTL_MS + 1);
    await verifier.verify(bearer);
    expect(lookups()).toBe(2);
  });

  it('refuses a remembered token once it expires', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { verifier, token } = await setUp();
    const bearer = `Bearer ${await token(30)}`;
    await verifier.verify(bearer);
    jest.advanceTimersByTime(31_000);
    await expect(verifier.verify(bearer)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token whose claims hold a NUL character (audit entries could not store them)', async () => {
    const signing = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'k2', alg: 'ES256' };
    const withKey = new TokenVerifier(options, createLocalJWKSet({ keys: [jwk] }));
    const sign = (sub: string) => new SignJWT({ role: 'coordinator', hubId: 'hub-north' }).setProtectedHeader({ alg: 'ES256', kid: 'k2' }).setSubject(sub).setIssuer(options.issuer).setAudience(options.audience).setExpirationTime('1h').sign(signing.privateKey);
    await expect(withKey.verify(`Bearer ${await sign('coord\u00001')}`)).rejects.toThrow(InvalidTokenError);
    await expect(withKey.verify(`Bearer ${await sign('coord-1')}`)).resolves.toMatchObject({ sub: 'coord-1' });
  });

  it('remembers nothing about a token that failed', async () => {
    const { verifier, token, otherKey, lookups } = await setUp();
    const forged = `Bearer ${await token(3600, otherKey)}`;
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidTokenError);
    expect(lookups()).toBe(2);
  });
});
