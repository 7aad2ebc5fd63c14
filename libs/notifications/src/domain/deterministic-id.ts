import { createHash } from 'node:crypto';

/** Namespace for TellOnce partner event ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('3b0d5c8e7f2a4c1e9d6b2a7c4e8f1a05', 'hex');

/** RFC 4122 version-5 UUID of the parts: the same inputs always give the same id (redelivery-safe). */
export function deterministicUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
