import { connect } from 'node:net';
import { Body, Controller, Get, HttpCode, Module, Post, Put, Query, UseGuards } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AcceptsBody,
  createHttpApp,
  jsonDepthExceeds,
  MetricsRegistry,
  OperatorGuard,
  parseConfig,
  QuerySchema,
  standardBodyParsers,
  urlOf,
  ValidQuery,
  WatchfireConfigModule,
  ZodPipe,
} from '@watchfire/common';

const TOKEN = 'pipeline-test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

@Controller('op')
@UseGuards(OperatorGuard)
class OperatorController {
  @Post()
  @HttpCode(200)
  post(@Body(new ZodPipe(z.object({ a: z.unknown() }).strict())) body: unknown) {
    return { got: body };
  }
  @Put()
  put(@Body() body: unknown) {
    return { got: body };
  }
}

@Controller('open')
class OpenController {
  @Get()
  list(@ValidQuery(z.object({ email: z.string().max(20).optional() }).strict()) q: unknown) {
    return { q };
  }
  @Get('q')
  @QuerySchema(z.object({ state: z.enum(['a', 'b']).optional() }).strict())
  byState(@Query('state') state?: string) {
    return { state };
  }
  @Post()
  @HttpCode(200)
  @AcceptsBody('application/json', 'text/plain')
  post(@Body() body: unknown) {
    return { got: body };
  }
}

@Module({
  imports: [WatchfireConfigModule.forRoot(parseConfig({ OPERATOR_TOKEN: TOKEN }))],
  controllers: [OperatorController, OpenController],
  providers: [MetricsRegistry],
})
class TestModule {}

/** One HTTP/1.1 exchange on a raw socket: what the server answers, and whether it closed. */
function raw(url: string, request: string, waitMs: number): Promise<{ text: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let text = '';
    const done = () => resolve({ text, closedAfterMs: Date.now() - t0 });
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', done);
    socket.on('error', () => undefined);
    setTimeout(() => {
      socket.destroy();
    }, waitMs);
  });
}

describe('request pipeline (real HTTP)', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    app = await createHttpApp(TestModule, {
      service: 'test',
      logLevel: 'error',
      timeouts: { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, checkIntervalMs: 200 },
      parsersFor: () => standardBodyParsers('1kb'),
    });
    await app.init();
    await app.listen(0, '127.0.0.1');
    url = urlOf(app);
  });
  afterAll(() => app?.close());

  const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${url}${path}`, { method: 'POST', headers, body }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { error?: { code: string; message: string }; got?: unknown },
    }));

  it('answers 401 before reading or parsing the body of an operator endpoint', async () => {
    for (const [body, type] of [
      ['{"a":', 'application/json'], // malformed
      ['x'.repeat(10_000), 'application/json'], // over the limit
      ['{"a":1}', 'application/json; charset=klingon'], // unknown charset
      ['{"a":1}', 'text/csv'], // wrong type
      ['['.repeat(100_000), 'application/json'], // deep
    ] as const) {
      const r = await post('/op', body, { 'Content-Type': type });
      expect(r.status, `${type} ${body.slice(0, 10)}`).toBe(401);
      expect(r.body.error?.code).toBe('unauthorized');
    }
    // authenticated, the same bodies get their own precise answers
    expect(
      (await post('/op', '{"a":', { ...auth, 'Content-Type': 'application/json' })).body.error?.code,
    ).toBe('malformed_json');
    expect(
      (await post('/op', 'x'.repeat(10_000), { ...auth, 'Content-Type': 'application/json' })).status,
    ).toBe(413);
    expect(
      (await post('/op', '{"a":1}', { ...auth, 'Content-Type': 'application/json; charset=klingon' })).status,
    ).toBe(415);
    expect((await post('/op', '{"a":1}', { ...auth, 'Content-Type': 'application/json' })).body).toEqual({
      got: { a: 1 },
    });
  });

  it('answers 401 at once to a chunked body that never ends, and closes the connection', async () => {
    const r = await raw(
      url,
      'POST /op HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{"a":',
      5_000,
    );
    expect(r.text).toMatch(/^HTTP\/1\.1 401/);
    expect(r.text).toMatch(/connection: close/i);
    expect(r.closedAfterMs).toBeLessThan(4_000);
  });

  it('cuts a body that never ends with 408 once the request timeout passes', async () => {
    const r = await raw(
      url,
      'POST /open HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{"a":',
      6_000,
    );
    expect(r.text).toMatch(/^HTTP\/1\.1 (408|400)/);
    expect(r.closedAfterMs).toBeLessThan(5_000);
    const slow = await raw(url, 'POST /open HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n', 6_000);
    expect(slow.text).toMatch(/^HTTP\/1\.1 (408|400)/);
  });

  it('names the Content-Type an endpoint expects (415), and one code for malformed JSON', async () => {
    const missing = await post('/op', '{"a":1}', { ...auth });
    // fetch sends a string body as text/plain
    expect(missing.status).toBe(415);
    expect(missing.body.error?.code).toBe('unsupported_media_type');
    expect(missing.body.error?.message).toMatch(/send Content-Type: application\/json$/);
    const csv = await post('/open', 'a,b', { 'Content-Type': 'text/csv' });
    expect(csv.status).toBe(415);
    expect(csv.body.error?.message).toMatch(
      /"text\/csv" is not accepted here; send Content-Type: application\/json or text\/plain/,
    );
    expect((await post('/open', 'a,b', { 'Content-Type': 'text/plain' })).body).toEqual({ got: 'a,b' });
    expect((await post('/open', '{', { 'Content-Type': 'application/json' })).body.error?.code).toBe(
      'malformed_json',
    );
  });

  it('refuses nesting deeper than the limit with 400, quickly, at any depth', async () => {
    for (const n of [65, 1_000, 100_000]) {
      const r = await fetch(`${url}/op`, {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
      });
      // 100,000 levels are over the 1 kB limit of this app: 413 before parsing
      expect([400, 413]).toContain(r.status);
      const body = (await r.json()) as { error: { code: string } };
      expect(['too_deep', 'payload_too_large']).toContain(body.error.code);
    }
    const ok = await fetch(`${url}/op`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: `${'['.repeat(64)}${']'.repeat(64)}`,
    });
    expect(ok.status).toBe(200);
    expect(jsonDepthExceeds(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 64)).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: [{ b: {} }] }, 3)).toBe(true);
  });

  it('takes each query parameter once: repeated or object-shaped ones are a 400 naming them', async () => {
    const get = async (q: string) => {
      const r = await fetch(`${url}/open${q.startsWith('q?') ? '/' : '?'}${q}`);
      return { status: r.status, body: (await r.json()) as { error?: { message: string }; q?: unknown } };
    };
    expect((await get('email=a@b.org')).body).toEqual({ q: { email: 'a@b.org' } });
    const twice = await get('email=a@b.org&email=c@d.org');
    expect(twice.status).toBe(400);
    expect(twice.body.error?.message).toMatch(/^Invalid query: email: given more than once/);
    const unknown = await get('colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/colour/);
    // @QuerySchema: the handler keeps its own @Query('state'); the pipeline checks the schema first
    expect((await get('q?state=a')).body).toEqual({ state: 'a' } as never);
    const bad = await get('q?state=c');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^Invalid query: state:/);
    expect((await get('q?state=a&other=1')).body.error?.message).toMatch(/other/);
    // a repeated parameter is refused on an endpoint that takes no query at all, too
    const op = await fetch(`${url}/op?x=1&x=2`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    expect(op.status).toBe(400);
  });
});
