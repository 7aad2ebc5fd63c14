import request from 'supertest';

export const baseUrl = (): string => {
  const url = process.env.TELLONCE_URL;
  if (!url) throw new Error('TELLONCE_URL is not set: run through jest.e2e.config.js (its global setup starts the stack)');
  return url;
};

export const api = () => request(baseUrl());

export interface Claims {
  sub?: string;
  role: string;
  agencyId?: string;
  hubId?: string;
}

const cache = new Map<string, string>();

/** A dev token from the gateway (AUTH_MODE=dev), cached per claim set. */
export async function token(claims: Claims): Promise<string> {
  const body = { sub: claims.sub ?? `e2e-${claims.role}${claims.agencyId ? `-${claims.agencyId}` : ''}`, ...claims };
  const key = JSON.stringify(body);
  const cached = cache.get(key);
  if (cached) return cached;
  const res = await api().post('/v1/auth/dev-token').send(body).expect(201);
  cache.set(key, res.body.accessToken);
  return res.body.accessToken;
}

export const bearer = async (claims: Claims) => ({ Authorization: `Bearer ${await token(claims)}` });

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function servicePorts(): Record<string, number> {
  const env = process.env;
  const base = Number(env.SERVICE_PORT_BASE || 3000);
  return { referrals: base + 1, consent: base + 2, plans: base + 3, notifications: base + 4, timeline: base + 5, gateway: Number(env.GATEWAY_PORT || 8080) };
}
