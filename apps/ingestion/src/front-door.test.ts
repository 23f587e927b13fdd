import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenBucketLimiter } from '@watchfire/common';
import {
  bodyErrorHandler,
  bodyParsers,
  ingestionOptionsFromEnv,
  clientRateLimiter,
  rateLimitMiddleware,
} from './front-door';

describe('clientRateLimiter', () => {
  it('allows a burst, then one per refill interval, per client', () => {
    const l = clientRateLimiter(2, 3)!;
    expect([0, 0, 0].map((t) => l.take('a', t).allowed)).toEqual([true, true, true]);
    expect(l.take('a', 0)).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(l.take('b', 0).allowed).toBe(true);
    expect(l.take('a', 500).allowed).toBe(true);
    expect(l.take('a', 500)).toMatchObject({ allowed: false, retryAfterMs: 500 });
  });
  it('is off at 0 per second', () => {
    expect(clientRateLimiter(0, 1)).toBeUndefined();
  });
});

describe('ingestion settings', () => {
  it('parses the environment and refuses bad values in one line', () => {
    const o = ingestionOptionsFromEnv({
      FEEDS_ALLOWED_HOSTS: 'feeds.local,127.0.0.1:8080',
      INGESTION_RATE_PER_SECOND: '10',
    });
    expect(o).toMatchObject({
      ratePerSecond: 10,
      rateBurst: 100,
      feedsAllowedHosts: [{ host: 'feeds.local' }, { host: '127.0.0.1', port: 8080 }],
      feedsPolling: true,
    });
    expect(() => ingestionOptionsFromEnv({ FEEDS_ALLOWED_HOSTS: 'http://x/' })).toThrow(
      /FEEDS_ALLOWED_HOSTS entry "http:\/\/x\/" is not host or host:port/,
    );
    expect(() => ingestionOptionsFromEnv({ INGESTION_RATE_BURST: '0' })).toThrow(
      /INGESTION_RATE_BURST="0" must be a number from 1/,
    );
  });
});

/** The front door's middleware on an echo app, listening on a free loopback port. */
function echoServer(limiter?: TokenBucketLimiter) {
  const state = { server: undefined as Server | undefined, url: '' };
  beforeAll(async () => {
    const app = express();
    if (limiter) app.use(rateLimitMiddleware(limiter));
    for (const [p, h] of bodyParsers({ single: 1_000, batch: 10_000, other: 100 })) app.use(p, ...h);
    app.use(bodyErrorHandler);
    app.post('/reports', (req, res) => void res.json({ got: req.body }));
    app.post(
      '/reports/batch',
      (req, res) => void res.json({ n: Array.isArray(req.body) ? req.body.length : typeof req.body }),
    );
    app.post('/feeds', (req, res) => void res.json({ got: req.body }));
    state.server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => state.server!.close(() => r())));
  return (p: string, body: string | Buffer, type = 'application/json') =>
    fetch(`${state.url}${p}`, { method: 'POST', headers: { 'content-type': type }, body });
}

describe('front door middleware', () => {
  const post = echoServer(clientRateLimiter(1, 9));

  it('applies the limit of the route, in the contract error shape', async () => {
    const ok = await post('/reports/batch', JSON.stringify(Array(100).fill({ a: 'x'.repeat(50) })));
    expect(await ok.json()).toEqual({ n: 100 });
    const r = await post('/reports', JSON.stringify({ body: 'x'.repeat(2_000) }));
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({
      error: { code: 'payload_too_large', message: expect.stringMatching(/over the 1000 byte limit/) },
    });
    expect((await post('/feeds', JSON.stringify({ url: 'x'.repeat(200) }))).status).toBe(413);
    const bad = await post('/feeds', '{"url":');
    expect(await bad.json()).toEqual({
      error: { code: 'malformed_json', message: expect.stringMatching(/^Malformed JSON/) },
    });
  });

  it('refuses invalid UTF-8 with the byte and line', async () => {
    const r = await post('/reports', Buffer.from([0x7b, 0x0a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expect(await r.json()).toEqual({
      error: {
        code: 'invalid_utf8',
        message: 'The body is not valid UTF-8: invalid byte 0xc3 at byte 3 (line 2); send UTF-8',
      },
    });
    expect((await post('/reports', Buffer.from([0xff]), 'text/plain')).status).toBe(400);
    const latin = await post('/reports', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain; charset=latin1');
    expect(await latin.json()).toEqual({ got: 'café' });
  });

  it('rate-limits per client with Retry-After', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 20 && (!last || last.status !== 429); i++) last = await post('/feeds', '{}');
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toBe('1');
    expect(await last!.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many requests from this client; retry after 1s' },
    });
  });
});

describe('JSON bodies', () => {
  const post = echoServer();

  it("parses JSON as body-parser's strict json() does: objects and arrays, a BOM dropped, other charsets decoded", async () => {
    expect(await (await post('/feeds', '\ufeff {"a": "é"}')).json()).toEqual({ got: { a: 'é' } });
    expect(await (await post('/feeds', ' \n')).json()).toEqual({ got: {} });
    expect(
      await (await post('/reports/batch', '[1,2,3]', 'application/vnd.x+json; charset=UTF-8')).json(),
    ).toEqual({ n: 3 });
    const scalar = await post('/feeds', '"just a string"');
    expect(scalar.status).toBe(400);
    expect(await scalar.json()).toEqual({
      error: {
        code: 'malformed_json',
        message: expect.stringMatching(/^Malformed JSON: Unexpected token "\\"" at position 0/),
      },
    });
    const utf16 = await post(
      '/feeds',
      Buffer.from('{"a":"é"}', 'utf16le'),
      'application/json; charset=utf-16le',
    );
    expect(await utf16.json()).toEqual({ got: { a: 'é' } });
  });
});
