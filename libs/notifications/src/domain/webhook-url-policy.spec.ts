import { checkWebhookUrl, ResolveHost } from './webhook-url-policy';

const resolver =
  (table: Record<string, string[]>): ResolveHost =>
  async (host) => {
    if (!(host in table)) throw new Error('ENOTFOUND');
    return table[host];
  };
const dns = resolver({ 'partner.example': ['93.184.216.34'], 'evil.example': ['93.184.216.34', '10.0.0.5'], 'localhost': ['127.0.0.1'], 'meta.example': ['169.254.169.254'] });

describe('checkWebhookUrl', () => {
  it.each([
    ['https://partner.example/hooks', false, true],
    ['http://partner.example/hooks', false, false],
    ['https://127.0.0.1/hooks', false, false],
    ['https://[::1]/hooks', false, false],
    ['https://localhost/hooks', false, false],
    ['https://evil.example/hooks', false, false],
    ['https://meta.example/latest', false, false],
    ['https://nowhere.example/', false, false],
    ['https://user:pw@partner.example/', false, false],
    ['ftp://partner.example/', false, false],
    ['not a url', false, false],
    ['http://127.0.0.1:9999/hooks', true, true],
    ['https://10.0.0.5/hooks', true, true],
    ['ftp://partner.example/', true, false],
    ['https://8.8.8.8/hooks', false, true],
  ])('%s (insecure=%s) -> ok=%s', async (url, insecure, ok) => {
    expect((await checkWebhookUrl(url, insecure, dns)).ok).toBe(ok);
  });

  it('never echoes the URL in its message', async () => {
    const verdict = await checkWebhookUrl('https://127.0.0.1/secret-path', false, dns);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).not.toContain('secret-path');
  });
});
