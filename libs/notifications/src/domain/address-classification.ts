import { isIP } from 'node:net';

export type AddressClass = 'public' | 'private' | 'loopback' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

interface V4Range {
  base: number;
  bits: number;
  kind: Exclude<AddressClass, 'public' | 'invalid'>;
}

function v4ToInt(address: string): number {
  return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

const V4_RANGES: V4Range[] = [
  { base: v4ToInt('0.0.0.0'), bits: 8, kind: 'unspecified' },
  { base: v4ToInt('10.0.0.0'), bits: 8, kind: 'private' },
  { base: v4ToInt('100.64.0.0'), bits: 10, kind: 'private' },
  { base: v4ToInt('127.0.0.0'), bits: 8, kind: 'loopback' },
  { base: v4ToInt('169.254.0.0'), bits: 16, kind: 'link-local' },
  { base: v4ToInt('172.16.0.0'), bits: 12, kind: 'private' },
  { base: v4ToInt('192.0.0.0'), bits: 24, kind: 'reserved' },
  { base: v4ToInt('192.0.2.0'), bits: 24, kind: 'reserved' },
  { base: v4ToInt('192.168.0.0'), bits: 16, kind: 'private' },
  { base: v4ToInt('198.18.0.0'), bits: 15, kind: 'reserved' },
  { base: v4ToInt('198.51.100.0'), bits: 24, kind: 'reserved' },
  { base: v4ToInt('203.0.113.0'), bits: 24, kind: 'reserved' },
  { base: v4ToInt('224.0.0.0'), bits: 4, kind: 'multicast' },
  { base: v4ToInt('240.0.0.0'), bits: 4, kind: 'reserved' },
];

function classifyV4(address: string): AddressClass {
  const value = v4ToInt(address);
  for (const range of V4_RANGES) {
    const size = 2 ** (32 - range.bits);
    if (value >= range.base && value < range.base + size) return range.kind;
  }
  return 'public';
}

/** Eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail is folded in). */
function expandV6(address: string): number[] | null {
  let text = address.split('%')[0].toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v = v4ToInt(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (tail === undefined && missing !== 0) return null;
  const groups = [...headParts, ...Array(Math.max(0, missing)).fill('0'), ...tailParts].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function classifyV6(address: string): AddressClass {
  const g = expandV6(address);
  if (!g) return 'invalid';
  const zeroPrefix = (n: number) => g.slice(0, n).every((x) => x === 0);
  const embeddedV4 = () => `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (zeroPrefix(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach an IPv4 host.
  if (zeroPrefix(5) && g[5] === 0xffff) return classifyV4(embeddedV4());
  if (zeroPrefix(6)) return classifyV4(embeddedV4());
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embeddedV4());
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved';
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved';
  return 'public';
}

/** What kind of address a literal IP is; anything not plainly public must not receive webhooks. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]);
  if (family === 4) return classifyV4(bare);
  if (family === 6) return classifyV6(bare);
  return 'invalid';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
