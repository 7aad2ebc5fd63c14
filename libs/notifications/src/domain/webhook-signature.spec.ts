import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, secretKeyBytes, signatureHeader, signWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');

  it('generates whsec_ secrets of at least 24 random bytes', () => {
    const generated = generateWebhookSecret();
    expect(generated.startsWith('whsec_')).toBe(true);
    expect(secretKeyBytes(generated).length).toBeGreaterThanOrEqual(24);
    expect(generateWebhookSecret()).not.toBe(generated);
  });

  it.each([
    ['msg_1', 1700000000, '{"a":1}'],
    ['6f1c0f8e-0000-4000-8000-000000000000', 1712345678, '{"type":"referral.route.requested"}'],
  ])('signs %s like the reference implementation', (id, ts, body) => {
    expect(signWebhook(secret, id, ts, body)).toBe(new Webhook(secret).sign(id, new Date(ts * 1000), body));
  });

  it('is verified by the standardwebhooks verifier', () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"hello":"world"}';
    const headers = { 'webhook-id': 'msg_x', 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, 'msg_x', ts, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ hello: 'world' });
    expect(() => new Webhook(secret).verify(body + ' ', headers)).toThrow();
  });

  it('sends one signature per secret so either verifies during rotation', () => {
    const other = generateWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    const header = signatureHeader([other, secret], 'msg_y', ts, '{}');
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'msg_y', 'webhook-timestamp': String(ts), 'webhook-signature': header };
    expect(() => new Webhook(secret).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(other).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify('{}', headers)).toThrow();
  });

  it('rejects a secret without the whsec_ prefix', () => {
    expect(() => signWebhook('plain', 'a', 1, '')).toThrow(/whsec_/);
  });
});
