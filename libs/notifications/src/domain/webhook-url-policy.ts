import { isIP } from 'node:net';
import { classifyAddress } from './address-classification';

export type ResolveHost = (host: string) => Promise<string[]>;

export type UrlVerdict = { ok: true } | { ok: false; message: string };

/**
 * SSRF guard for partner endpoints: https only, and every address the host resolves to must be
 * public. Insecure mode (local development) accepts http and private addresses.
 */
export async function checkWebhookUrl(raw: string, allowInsecure: boolean, resolve: ResolveHost): Promise<UrlVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'must be an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'must be an https URL' };
  if (url.username || url.password) return { ok: false, message: 'must not carry credentials' };
  if (allowInsecure) return { ok: true };
  if (url.protocol !== 'https:') return { ok: false, message: 'must be an https URL' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { ok: false, message: 'host does not resolve' };
    }
  }
  if (addresses.length === 0) return { ok: false, message: 'host does not resolve' };
  if (addresses.some((address) => classifyAddress(address) !== 'public')) {
    return { ok: false, message: 'must not point to a private, loopback or link-local address' };
  }
  return { ok: true };
}
