import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from './server';

/** A stand-in service that echoes what reached it, and streams for /stream. */
let upstream: Server;
let upstreamUrl: string;
let cons: RunningConsole;
let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/stream') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write('event: alert\ndata: {"n":1}\n\n');
        return;
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'Content-Type': 'application/json', ETag: '"7"' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  cons = await startConsole({
    port: 0,
    host: '127.0.0.1',
    services: { ingestion: 'http://127.0.0.1:1', rules: upstreamUrl, notifier: upstreamUrl },
    publicBaseUrl: 'https://alerts.example.org',
  });
});

afterAll(async () => {
  await cons?.close();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

describe('console server', () => {
  it('serves the page with a strict CSP and no inline script', async () => {
    const res = await fetch(`${cons.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)|<script [^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    expect((await fetch(`${cons.url}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses paths outside its files', async () => {
    for (const p of [
      '/assets/../src/server.ts',
      '/assets/%2e%2e/src/server.ts',
      '/assets/nope.js',
      '/etc/passwd',
    ])
      expect((await fetch(`${cons.url}${p}`)).status, p).toBe(404);
  });

  it('forwards /api/<service>/ with the Authorization and If-Match headers, and not cookies', async () => {
    seen = [];
    const res = await fetch(`${cons.url}/api/rules/rules/r1?x=1`, {
      method: 'PUT',
      headers: {
        Authorization: 'Bearer abc',
        'If-Match': '"6"',
        Cookie: 'session=1',
        'Content-Type': 'application/json',
      },
      body: '{"name":"n"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"7"');
    expect(seen[0]).toMatchObject({ method: 'PUT', url: '/rules/r1?x=1', body: '{"name":"n"}' });
    expect(seen[0].headers).toMatchObject({ authorization: 'Bearer abc', 'if-match': '"6"' });
    expect(seen[0].headers.cookie).toBeUndefined();
    expect((await fetch(`${cons.url}/api/notifier/missing`)).status).toBe(404);
    expect((await fetch(`${cons.url}/api/elsewhere/x`)).status).toBe(404);
  });

  it('streams Server-Sent Events through as they come', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${cons.url}/api/notifier/stream`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const { value } = await (res.body as ReadableStream<Uint8Array>).getReader().read();
    expect(Buffer.from(value!).toString()).toContain('data: {"n":1}');
    ctrl.abort();
  });

  it('says which service is down with a 502', async () => {
    const res = await fetch(`${cons.url}/api/ingestion/reports`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /ingestion service is not reachable/,
    );
  });

  it('tells the page where subscribers sign up, and nothing secret', async () => {
    expect(await (await fetch(`${cons.url}/config.json`)).json()).toEqual({
      publicBaseUrl: 'https://alerts.example.org',
    });
  });
});
