/**
 * SSRF policy: which addresses a feed fetch may connect to. Only globally routable unicast
 * addresses are allowed by default; everything that reaches the service's own host, its network,
 * a cloud metadata endpoint or a special-purpose range is refused. Hosts listed in
 * FEEDS_ALLOWED_HOSTS are let through regardless (for feeds served on the local network).
 */
import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'cgnat'
  | 'unique-local'
  | 'site-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'invalid';

export interface Classification {
  address: string;
  class: AddressClass;
  allowed: boolean;
  /** For IPv4-mapped / NAT64 / 6to4 IPv6 addresses: the IPv4 address inside, which is what was judged. */
  embeddedIpv4?: string;
}

/** Parses dotted-quad IPv4 (strictly four decimal parts) to a 32-bit number. */
export function parseIpv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Parses IPv6 (with ::, an embedded dotted quad, an optional %zone) to eight 16-bit groups. */
export function parseIpv6(input: string): number[] | null {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    // a.b.c.d at the end stands for the last two groups
    const n = parseIpv4(last);
    if (n === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const toGroups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = toGroups(halves[0]);
  const rest = halves.length === 2 ? toGroups(halves[1]) : [];
  for (const g of [...head, ...rest]) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
  const hex = (g: string) => parseInt(g, 16);
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return null;
    return [...head.map(hex), ...new Array<number>(fill).fill(0), ...rest.map(hex)];
  }
  return head.length === 8 ? head.map(hex) : null;
}

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
const inV4 = (ip: number, base: number, bits: number) =>
  bits === 0 || ip >>> (32 - bits) === base >>> (32 - bits);

const V4_RANGES: Array<[number, number, AddressClass]> = [
  [v4(0, 0, 0, 0), 8, 'unspecified'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'cgnat'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 169, 254), 32, 'metadata'],
  [v4(169, 254, 0, 0), 16, 'link-local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  [v4(192, 0, 2, 0), 24, 'documentation'],
  [v4(192, 88, 99, 0), 24, 'reserved'], // 6to4 relay anycast
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'benchmarking'],
  [v4(198, 51, 100, 0), 24, 'documentation'],
  [v4(203, 0, 113, 0), 24, 'documentation'],
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(255, 255, 255, 255), 32, 'broadcast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

function classifyV4Number(ip: number): AddressClass {
  for (const [base, bits, cls] of V4_RANGES) if (inV4(ip, base, bits)) return cls;
  return 'public';
}

const v4String = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

function classifyV6(g: number[]): { cls: AddressClass; embedded?: number } {
  const zeroPrefix = (k: number) => g.slice(0, k).every((x) => x === 0);
  const embedded = ((g[6] << 16) >>> 0) + g[7];
  if (g.every((x) => x === 0)) return { cls: 'unspecified' };
  if (zeroPrefix(7) && g[7] === 1) return { cls: 'loopback' };
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated): judge the IPv4 address
  if (zeroPrefix(5) && g[5] === 0xffff) return { cls: classifyV4Number(embedded), embedded };
  if (zeroPrefix(4) && g[4] === 0xffff && g[5] === 0) return { cls: classifyV4Number(embedded), embedded };
  // ::a.b.c.d (deprecated IPv4-compatible)
  if (zeroPrefix(6)) return { cls: classifyV4Number(embedded), embedded };
  // 64:ff9b::/96 NAT64: reaches the embedded IPv4 address; 64:ff9b:1::/48 local-use NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return { cls: classifyV4Number(embedded), embedded };
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return { cls: 'private' };
  // 2002::/16 6to4: the IPv4 address is in groups 1-2
  if (g[0] === 0x2002) {
    const e = ((g[1] << 16) >>> 0) + g[2];
    return { cls: classifyV4Number(e), embedded: e };
  }
  if (g[0] === 0x2001 && g[1] === 0) return { cls: 'reserved' }; // Teredo tunnels to arbitrary IPv4
  if (g[0] === 0x2001 && g[1] === 0xdb8) return { cls: 'documentation' };
  if (g[0] === 0x100 && g.slice(1, 4).every((x) => x === 0)) return { cls: 'reserved' }; // discard-only
  if ((g[0] & 0xfe00) === 0xfc00) return { cls: 'unique-local' }; // fc00::/7 (incl. fd00:ec2::254)
  if ((g[0] & 0xffc0) === 0xfe80) return { cls: 'link-local' };
  if ((g[0] & 0xffc0) === 0xfec0) return { cls: 'site-local' };
  if ((g[0] & 0xff00) === 0xff00) return { cls: 'multicast' };
  // Only 2000::/3 is allocated global unicast
  if ((g[0] & 0xe000) !== 0x2000) return { cls: 'reserved' };
  return { cls: 'public' };
}

/** Judges one IP address (v4 or v6, brackets and zone ids tolerated). Anything unparseable is refused. */
export function classifyAddress(address: string): Classification {
  const a = address.trim().replace(/^\[|\]$/g, '');
  const n4 = parseIpv4(a);
  if (n4 !== null) {
    const cls = classifyV4Number(n4);
    return { address: a, class: cls, allowed: cls === 'public' };
  }
  const g = parseIpv6(a);
  if (!g) return { address: a, class: 'invalid', allowed: false };
  const { cls, embedded } = classifyV6(g);
  return {
    address: a,
    class: cls,
    allowed: cls === 'public',
    ...(embedded !== undefined ? { embeddedIpv4: v4String(embedded) } : {}),
  };
}

export function describeRefusal(c: Classification, host?: string): string {
  const what =
    c.class === 'metadata'
      ? 'a cloud metadata endpoint'
      : c.class === 'public'
        ? 'public'
        : `a ${c.class} address`;
  const inner = c.embeddedIpv4 ? ` (IPv4 ${c.embeddedIpv4} inside)` : '';
  const of = host && host !== c.address ? `${host} resolves to ${c.address}` : c.address;
  return `${of}${inner} is ${what}; feeds may only be fetched from public addresses (FEEDS_ALLOWED_HOSTS opts a host in)`;
}

// ---- FEEDS_ALLOWED_HOSTS --------------------------------------------------------------------

export interface AllowedHost {
  host: string;
  /** Undefined: any port. */
  port?: number;
}

/** `host` or `host:port`, comma-separated; IPv6 as `[::1]:8080`. Throws with a one-line reason. */
export function parseAllowedHosts(raw: string | undefined): AllowedHost[] {
  if (!raw || !raw.trim()) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(entry);
      const port = m?.[2] !== undefined ? Number(m[2]) : undefined;
      if (!m || (port !== undefined && (port < 1 || port > 65535))) {
        throw new Error(
          `FEEDS_ALLOWED_HOSTS entry ${JSON.stringify(entry)} is not host or host:port (e.g. FEEDS_ALLOWED_HOSTS=feeds.local,127.0.0.1:8080)`,
        );
      }
      const host = m[1].replace(/^\[|\]$/g, '').toLowerCase();
      return port === undefined ? { host } : { host, port };
    });
}

export function effectivePort(u: URL): number {
  if (u.port) return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
}

/** Whether the URL's host (and port) is opted in. Host names compare case-insensitively, without a trailing dot. */
export function isAllowedHost(u: URL, allowed: readonly AllowedHost[]): boolean {
  if (allowed.length === 0) return false;
  const host = u.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const port = effectivePort(u);
  return allowed.some((a) => a.host === host && (a.port === undefined || a.port === port));
}

export { isIP };
