/**
 * A GET that is safe to point at a URL an operator typed: the address every hop connects to is
 * resolved once, checked against the SSRF policy and then pinned for the connection (no second DNS
 * answer can swap it), redirects are followed by hand and each one is checked again, and the
 * response is bounded in bytes (also after decompression) and in time.
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { FeedError } from './errors';
import { type AllowedHost, classifyAddress, describeRefusal, isAllowedHost, isIP } from './ssrf';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution; every address it returns is checked. Tests substitute their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const defaultResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

export const FETCH_DEFAULTS = {
  maxRedirects: 5,
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 20_000,
  userAgent: 'Watchfire-FeedPoller/1.0 (+https://github.com/watchfire)',
  accept:
    'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
} as const;

export interface SafeGetOptions {
  allowedHosts?: readonly AllowedHost[];
  maxRedirects?: number;
  /** Largest body accepted, counted after decompression too. */
  maxBytes?: number;
  /** For the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Conditional GET validators from the previous successful fetch. */
  etag?: string;
  lastModified?: string;
  resolver?: Resolver;
  userAgent?: string;
  accept?: string;
  signal?: AbortSignal;
}

interface Common {
  /** The URL after redirects. */
  url: string;
  redirects: number;
  etag?: string;
  lastModified?: string;
}
export type SafeGetResult =
  | (Common & { notModified: false; status: number; body: Buffer; contentType?: string })
  | (Common & { notModified: true; status: 304 });

/** Checks a URL before anything is sent: scheme, credentials, host. */
export function checkFeedUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FeedError('bad_url', `${JSON.stringify(raw.slice(0, 200))} is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new FeedError('bad_url', `only http and https feeds are fetched, not ${u.protocol}`);
  if (u.username || u.password) throw new FeedError('bad_url', 'credentials in the URL are not accepted');
  if (!u.hostname) throw new FeedError('bad_url', 'the URL has no host');
  return u;
}

/**
 * Decides where one hop may connect: the pinned address, after checking every address the name
 * resolves to (one bad answer refuses the host: a round-robin with a private address is an attack).
 */
export async function resolveSafely(
  u: URL,
  allowedHosts: readonly AllowedHost[],
  resolver: Resolver,
): Promise<ResolvedAddress> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const allowed = isAllowedHost(u, allowedHosts);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolver(host);
    } catch (e) {
      throw new FeedError(
        'dns_failed',
        `cannot resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        { url: u.toString() },
      );
    }
    if (addresses.length === 0)
      throw new FeedError('dns_failed', `${host} has no addresses`, { url: u.toString() });
  }
  if (!allowed) {
    for (const a of addresses) {
      const c = classifyAddress(a.address);
      if (!c.allowed)
        throw new FeedError('blocked_address', describeRefusal(c, literal ? undefined : host), {
          url: u.toString(),
        });
    }
  }
  return addresses[0];
}

export async function safeGet(rawUrl: string, opts: SafeGetOptions = {}): Promise<SafeGetResult> {
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const resolver = opts.resolver ?? defaultResolver;
  const allowedHosts = opts.allowedHosts ?? [];
  const deadline = Date.now() + timeoutMs;
  let url = checkFeedUrl(rawUrl);
  for (let redirects = 0; ; redirects++) {
    const pinned = await withDeadline(resolveSafely(url, allowedHosts, resolver), deadline, url);
    const hop = await requestOnce(url, pinned, opts, deadline, maxBytes);
    if (hop.kind === 'redirect') {
      if (redirects >= maxRedirects)
        throw new FeedError(
          'too_many_redirects',
          `more than ${maxRedirects} redirects (last to ${hop.location.slice(0, 200)})`,
          { url: url.toString() },
        );
      let next: URL;
      try {
        next = new URL(hop.location, url);
      } catch {
        throw new FeedError(
          'bad_url',
          `redirect to an invalid URL ${JSON.stringify(hop.location.slice(0, 200))}`,
          { url: url.toString() },
        );
      }
      url = checkFeedUrl(next.toString());
      continue;
    }
    const common: Common = { url: url.toString(), redirects };
    if (hop.etag) common.etag = hop.etag;
    if (hop.lastModified) common.lastModified = hop.lastModified;
    if (hop.kind === 'not-modified') return { ...common, notModified: true, status: 304 };
    return {
      ...common,
      notModified: false,
      status: hop.status,
      body: hop.body,
      ...(hop.contentType ? { contentType: hop.contentType } : {}),
    };
  }
}

type Hop =
  | { kind: 'redirect'; location: string }
  | { kind: 'not-modified'; etag?: string; lastModified?: string }
  | { kind: 'ok'; status: number; body: Buffer; contentType?: string; etag?: string; lastModified?: string };

function withDeadline<T>(p: Promise<T>, deadline: number, url: URL): Promise<T> {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(timeoutError(url));
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(url)), left);
    }),
  ]).finally(() => clearTimeout(timer));
}

const timeoutError = (url: URL) =>
  new FeedError('timeout', `no complete answer from ${url.host} in time`, { url: url.toString() });

function header(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 1_000 ? s : undefined;
}

/** Retry-After as seconds (delta or HTTP date), capped at a day. */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Math.min(86_400, Number(t));
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? Math.min(86_400, Math.max(0, Math.ceil((ms - now) / 1000))) : undefined;
}

// Over 100 lines: one request's socket lifecycle (connect to the pinned address, redirects, size and
// time limits, decompression) in one Promise whose closures share that state; split, the state
// would have to travel between functions and the cleanup paths would scatter.
function requestOnce(
  url: URL,
  pinned: ResolvedAddress,
  opts: SafeGetOptions,
  deadline: number,
  maxBytes: number,
): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const left = deadline - Date.now();
    if (left <= 0) return reject(timeoutError(url));
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const done = (h: Hop) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(h);
    };
    // The connection goes to the address that was checked, whatever DNS says now.
    const pinnedLookup: LookupFunction = (_host, options, cb) => {
      if ((options as { all?: boolean }).all)
        (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
      else cb(null, pinned.address, pinned.family);
    };
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent,
      accept: opts.accept ?? FETCH_DEFAULTS.accept,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        agent: false,
        lookup: pinnedLookup,
        // the header section alone must not be used to exhaust memory
        maxHeaderSize: 64 * 1024,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const etag = header(res, 'etag');
        const lastModified = header(res, 'last-modified');
        if (status >= 300 && status < 400 && status !== 304) {
          const location = header(res, 'location');
          res.resume();
          if (!location)
            return fail(
              new FeedError('http_status', `HTTP ${status} without a Location header`, {
                status,
                url: url.toString(),
              }),
            );
          return done({ kind: 'redirect', location });
        }
        if (status === 304) {
          res.resume();
          return done({
            kind: 'not-modified',
            ...(etag ? { etag } : {}),
            ...(lastModified ? { lastModified } : {}),
          });
        }
        if (status < 200 || status >= 300) {
          res.resume();
          const retryAfterSeconds = parseRetryAfter(header(res, 'retry-after'));
          return fail(
            new FeedError(
              'http_status',
              `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''} from ${url.host}`,
              {
                status,
                url: url.toString(),
                ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
              },
            ),
          );
        }
        const declared = Number(header(res, 'content-length'));
        if (Number.isFinite(declared) && declared > maxBytes) {
          return fail(
            new FeedError(
              'too_large',
              `the response is ${declared} bytes, more than the ${maxBytes} accepted`,
              { url: url.toString() },
            ),
          );
        }
        const encoding = (header(res, 'content-encoding') ?? 'identity').toLowerCase().trim();
        let stream: NodeJS.ReadableStream = res;
        if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
        else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
        else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
        else if (encoding !== 'identity')
          return fail(
            new FeedError('http_status', `unsupported Content-Encoding ${encoding}`, {
              status,
              url: url.toString(),
            }),
          );
        const chunks: Buffer[] = [];
        let total = 0;
        stream.on('data', (c: Buffer) => {
          total += c.length;
          if (total > maxBytes) {
            fail(
              new FeedError(
                'too_large',
                `the response is larger than the ${maxBytes} bytes accepted${encoding !== 'identity' ? ' (after decompression)' : ''}`,
                { url: url.toString() },
              ),
            );
            (stream as unknown as { destroy?: () => void }).destroy?.();
            return;
          }
          chunks.push(c);
        });
        stream.on('error', (e: Error) =>
          fail(
            new FeedError('network', `reading the response from ${url.host} failed: ${e.message}`, {
              url: url.toString(),
            }),
          ),
        );
        res.on('aborted', () =>
          fail(
            new FeedError('network', `${url.host} closed the connection mid-response`, {
              url: url.toString(),
            }),
          ),
        );
        stream.on('end', () =>
          done({
            kind: 'ok',
            status,
            body: Buffer.concat(chunks),
            ...(header(res, 'content-type') ? { contentType: header(res, 'content-type') } : {}),
            ...(etag ? { etag } : {}),
            ...(lastModified ? { lastModified } : {}),
          }),
        );
      },
    );
    const timer = setTimeout(() => fail(timeoutError(url)), left);
    req.on('error', (e: NodeJS.ErrnoException) =>
      fail(
        e instanceof FeedError
          ? e
          : new FeedError('network', `cannot fetch from ${url.host}: ${e.code ?? e.message}`, {
              url: url.toString(),
            }),
      ),
    );
    if (opts.signal) {
      if (opts.signal.aborted) fail(new FeedError('timeout', 'cancelled'));
      else
        opts.signal.addEventListener('abort', () => fail(new FeedError('timeout', 'cancelled')), {
          once: true,
        });
    }
    req.end();
  });
}
