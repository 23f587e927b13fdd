import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from './errors';
import { safeGet, type SafeGetOptions } from './http';
import { parseAllowedHosts } from './ssrf';
import { startFeedServer, type FeedServer } from './testing/feed-server';

let srv: FeedServer;
let other: FeedServer;
let opts: SafeGetOptions;

beforeAll(async () => {
  srv = await startFeedServer();
  other = await startFeedServer();
  // the test server is on loopback: it is reachable only because it is opted in, as FEEDS_ALLOWED_HOSTS would
  opts = { allowedHosts: parseAllowedHosts(srv.hostPort), timeoutMs: 3_000 };
  srv.route('/feed', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res
      .writeHead(200, {
        'content-type': 'application/rss+xml',
        etag: '"v1"',
        'last-modified': 'Fri, 09 Jul 2021 08:00:00 GMT',
      })
      .end('<rss/>');
  });
  srv.route('/to-private', (_q, res) => void res.writeHead(302, { location: 'http://10.0.0.1/feed' }).end());
  srv.route(
    '/to-metadata',
    (_q, res) => void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  );
  srv.route(
    '/to-other-loopback',
    (_q, res) => void res.writeHead(307, { location: `${other.url}/feed` }).end(),
  );
  srv.route(
    '/to-mapped',
    (_q, res) => void res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${other.port}/feed` }).end(),
  );
  srv.route('/relative', (_q, res) => void res.writeHead(302, { location: '/feed' }).end());
  srv.route('/loop', (_q, res) => void res.writeHead(302, { location: '/loop' }).end());
  srv.route('/to-file', (_q, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
  srv.route('/huge', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < 50 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = Infinity));
    pump();
  });
  srv.route(
    '/huge-declared',
    (_q, res) => void res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) }).end(),
  );
  srv.route(
    '/bomb',
    (_q, res) =>
      void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024))),
  );
  srv.route(
    '/gzip',
    (_q, res) =>
      void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.from('<rss>zipped</rss>'))),
  );
  srv.route('/slow', () => undefined);
  srv.route('/busy', (_q, res) => void res.writeHead(429, { 'retry-after': '120' }).end());
  srv.route('/broken', (_q, res) => void res.writeHead(500).end('oops'));
  srv.route('/host', (req, res) => void res.writeHead(200).end(req.headers.host));
  other.route('/feed', (_q, res) => void res.writeHead(200).end('<rss/>'));
});
afterAll(async () => {
  await srv.close();
  await other.close();
});

async function fails(p: Promise<unknown>): Promise<FeedError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FeedError);
    return e as FeedError;
  }
  throw new Error('expected a FeedError');
}

describe('safeGet', () => {
  it('refuses loopback unless the host is opted in', async () => {
    const e = await fails(safeGet(`${srv.url}/feed`, { timeoutMs: 2_000 }));
    expect(e.code).toBe('blocked_address');
    expect(e.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    const ok = await safeGet(`${srv.url}/feed`, opts);
    expect(ok).toMatchObject({
      notModified: false,
      status: 200,
      etag: '"v1"',
      lastModified: 'Fri, 09 Jul 2021 08:00:00 GMT',
      contentType: 'application/rss+xml',
    });
  });

  it('sends the validators and reports 304 Not Modified', async () => {
    const r = await safeGet(`${srv.url}/feed`, {
      ...opts,
      etag: '"v1"',
      lastModified: 'Fri, 09 Jul 2021 08:00:00 GMT',
    });
    expect(r).toMatchObject({ notModified: true, status: 304, etag: '"v1"' });
    const last = srv.requests[srv.requests.length - 1];
    expect(last.headers['if-none-match']).toBe('"v1"');
    expect(last.headers['if-modified-since']).toBe('Fri, 09 Jul 2021 08:00:00 GMT');
  });

  it('refuses a redirect to a private address, the metadata endpoint, another loopback port and IPv4-mapped loopback', async () => {
    expect((await fails(safeGet(`${srv.url}/to-private`, opts))).message).toMatch(
      /10\.0\.0\.1 is a private address/,
    );
    expect((await fails(safeGet(`${srv.url}/to-metadata`, opts))).message).toMatch(/cloud metadata endpoint/);
    expect((await fails(safeGet(`${srv.url}/to-other-loopback`, opts))).code).toBe('blocked_address');
    expect((await fails(safeGet(`${srv.url}/to-mapped`, opts))).message).toMatch(/IPv4 127\.0\.0\.1 inside/);
    expect(other.requests).toHaveLength(0);
  });

  it('follows relative redirects, limits them, and refuses non-http targets', async () => {
    expect(await safeGet(`${srv.url}/relative`, opts)).toMatchObject({
      status: 200,
      redirects: 1,
      url: `${srv.url}/feed`,
    });
    expect((await fails(safeGet(`${srv.url}/loop`, opts))).code).toBe('too_many_redirects');
    expect((await fails(safeGet(`${srv.url}/loop`, { ...opts, maxRedirects: 2 }))).message).toMatch(
      /more than 2 redirects/,
    );
    expect((await fails(safeGet(`${srv.url}/to-file`, opts))).code).toBe('bad_url');
  });

  it('stops reading a huge response, declared or not, and a decompression bomb', async () => {
    // /huge never ends: only stopping at maxBytes lets this call return at all.
    const e = await fails(safeGet(`${srv.url}/huge`, { ...opts, maxBytes: 1024 * 1024 }));
    expect(e.code).toBe('too_large');
    expect((await fails(safeGet(`${srv.url}/huge-declared`, opts))).message).toMatch(/104857600 bytes/);
    expect((await fails(safeGet(`${srv.url}/bomb`, { ...opts, maxBytes: 1024 * 1024 }))).message).toMatch(
      /after decompression/,
    );
    const z = await safeGet(`${srv.url}/gzip`, opts);
    expect(!z.notModified && z.body.toString()).toBe('<rss>zipped</rss>');
  });

  it('gives up after the time limit', async () => {
    const e = await fails(safeGet(`${srv.url}/slow`, { ...opts, timeoutMs: 300 }));
    expect(e.code).toBe('timeout');
    expect(e.transient).toBe(true);
  });

  it('reports HTTP errors with Retry-After', async () => {
    const busy = await fails(safeGet(`${srv.url}/busy`, opts));
    expect(busy).toMatchObject({ code: 'http_status', extra: { status: 429, retryAfterSeconds: 120 } });
    expect(busy.transient).toBe(true);
    expect((await fails(safeGet(`${srv.url}/broken`, opts))).extra.status).toBe(500);
  });

  it('checks every resolved address and pins the connection to the checked one', async () => {
    const resolver = async (h: string) =>
      h === 'evil.test'
        ? [
            { address: '8.8.8.8', family: 4 as const },
            { address: '10.0.0.1', family: 4 as const },
          ]
        : [{ address: '127.0.0.1', family: 4 as const }];
    const e = await fails(safeGet('http://evil.test/feed', { ...opts, resolver }));
    expect(e.message).toMatch(/evil\.test resolves to 10\.0\.0\.1/);
    // an opted-in name: connects to the resolved address, the Host header keeps the name
    const r = await safeGet(`http://feeds.test:${srv.port}/host`, {
      allowedHosts: parseAllowedHosts('feeds.test'),
      resolver,
    });
    expect(!r.notModified && r.body.toString()).toBe(`feeds.test:${srv.port}`);
    const dns = await fails(
      safeGet('http://nowhere.test/', {
        resolver: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
      }),
    );
    expect(dns).toMatchObject({ code: 'dns_failed', message: 'cannot resolve nowhere.test: ENOTFOUND' });
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    expect((await fails(safeGet('ftp://example.org/'))).code).toBe('bad_url');
    expect((await fails(safeGet('http://user:pw@example.org/'))).code).toBe('bad_url');
    expect((await fails(safeGet('not a url'))).code).toBe('bad_url');
    expect((await fails(safeGet('http://2130706433/'))).code).toBe('blocked_address'); // 127.0.0.1 in disguise
    expect((await fails(safeGet('http://0x7f.1/'))).code).toBe('blocked_address');
  });
});
