import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportItem } from './formats';
import { ProgressBar } from './progress';
import { exitCodeOf, formatSummary, makeBatches, runImport } from './runner';

type Reply = (
  items: Array<{ body: string }>,
  req: http.IncomingMessage,
) => { status: number; body: unknown; headers?: Record<string, string> };
let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

async function fakeIngestion(reply: Reply): Promise<{ url: string; calls: number[]; auth: string[] }> {
  const calls: number[] = [];
  const auth: string[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const items = JSON.parse(data) as Array<{ body: string }>;
      calls.push(items.length);
      auth.push(req.headers.authorization ?? '');
      const r = reply(items, req);
      res
        .writeHead(r.status, { 'content-type': 'application/json', ...r.headers })
        .end(JSON.stringify(r.body));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, auth };
}

const items = (n: number, from = 1): ImportItem[] =>
  Array.from({ length: n }, (_, i) => ({
    line: from + i,
    report: { source: 's', body: `report ${from + i}` },
  }));

describe('runImport', () => {
  it('sends batches, maps rejections back to lines, counts duplicates, writes progress', async () => {
    const seen = new Set<string>();
    const srv = await fakeIngestion((batch) => {
      let accepted = 0;
      let duplicates = 0;
      const rejected: Array<{ index: number; error: string }> = [];
      batch.forEach((it, index) => {
        if (it.body.endsWith('7')) rejected.push({ index, error: 'publishedAt: an ISO date' });
        else if (seen.has(it.body)) duplicates++;
        else {
          seen.add(it.body);
          accepted++;
        }
      });
      return { status: 202, body: { accepted, duplicates, rejected } };
    });
    const out: string[] = [];
    const input = [...items(20), { line: 21, error: 'not JSON: Unexpected token' }];
    const s = await runImport(input, {
      baseUrl: srv.url,
      token: 'secret-token-123456',
      batchSize: 8,
      progress: { write: (x: string) => out.push(x), isTTY: false },
    });
    expect(srv.calls).toEqual([8, 8, 4]);
    expect(srv.auth.every((a) => a === 'Bearer secret-token-123456')).toBe(true);
    expect(s).toMatchObject({ total: 21, accepted: 18, duplicates: 0, notSent: 0 });
    expect(s.rejected.map((r) => `${r.where}: ${r.error}`)).toEqual([
      'line 7: publishedAt: an ISO date',
      'line 17: publishedAt: an ISO date',
      'line 21: not JSON: Unexpected token',
    ]);
    expect(out.join('')).toMatch(/\[#+\] 21\/21 100% [\d.]+\/s ETA 0s\n$/);
    expect(exitCodeOf(s)).toBe(1);
    expect(formatSummary(s)).toMatch(
      /^Imported 21 records in [\d.]+s: 18 accepted, 0 duplicates, 2 rejected|3 rejected/,
    );

    const again = await runImport(items(5), { baseUrl: srv.url });
    expect(again).toMatchObject({ accepted: 0, duplicates: 5, rejected: [] });
    expect(exitCodeOf(again)).toBe(0);
  });

  it('retries 429 and 503 (honouring Retry-After) and splits a batch on 413', async () => {
    let n = 0;
    const srv = await fakeIngestion((batch) => {
      n++;
      if (n === 1)
        return {
          status: 429,
          body: { error: { code: 'rate_limited', message: 'slow down' } },
          headers: { 'retry-after': '1' },
        };
      if (n === 2) return { status: 503, body: { error: { code: 'unavailable', message: 'kafka' } } };
      if (batch.length > 3)
        return { status: 413, body: { error: { code: 'payload_too_large', message: 'too big' } } };
      return { status: 202, body: { accepted: batch.length, duplicates: 0, rejected: [] } };
    });
    const sleeps: number[] = [];
    const s = await runImport(items(10), {
      baseUrl: srv.url,
      batchSize: 10,
      concurrency: 1,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(s).toMatchObject({ accepted: 10, rejected: [], notSent: 0 });
    expect(sleeps[0]).toBe(1000);
    expect(srv.calls).toEqual([10, 10, 10, 5, 3, 2, 5, 3, 2]);
  });

  it('stops with a clear reason on 401 or when the service is unreachable', async () => {
    const srv = await fakeIngestion(() => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'Unknown operator token' } },
    }));
    const s = await runImport(items(3), { baseUrl: srv.url });
    expect(s.fatal).toMatch(/unauthorized: Unknown operator token — set OPERATOR_TOKEN/);
    expect(s.notSent).toBe(3);
    expect(exitCodeOf(s)).toBe(1);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await runImport(items(2), {
      baseUrl: `http://127.0.0.1:${port}`,
      attempts: 2,
      sleep: async () => undefined,
    });
    expect(down.fatal).toBe(
      `cannot reach http://127.0.0.1:${port}/reports/batch: ECONNREFUSED (gave up after 2 attempts)`,
    );
    expect(formatSummary(down)).toMatch(/2 not sent\n.*Stopped: cannot reach/s);
  });

  it('batches by count and bytes', () => {
    const big: ImportItem[] = items(3).map((i) => ({ ...i, report: { source: 's', body: 'x'.repeat(600) } }));
    expect(makeBatches(big, 100, 1_000).map((b) => b.length)).toEqual([1, 1, 1]);
    expect(makeBatches(items(5), 2, 1e6).map((b) => b.length)).toEqual([2, 2, 1]);
  });
});

describe('ProgressBar', () => {
  it('redraws in place on a TTY with rate and ETA', () => {
    let t = 0;
    const out: string[] = [];
    const bar = new ProgressBar({
      total: 100,
      stream: { write: (s: string) => out.push(s), isTTY: true, columns: 80 },
      now: () => t,
    });
    t = 2_000;
    bar.update(50);
    expect(out[0]).toMatch(/^\r\[#+\.+\] 50\/100 50% 25\.0\/s ETA 2s\u001b\[K$/);
    bar.finish();
    expect(out[out.length - 1]).toBe('\n');
  });
  it('prints plain lines at most every interval when not a TTY', () => {
    let t = 0;
    const out: string[] = [];
    const bar = new ProgressBar({
      total: 10,
      stream: { write: (s: string) => out.push(s) },
      now: () => t,
      lineIntervalMs: 1000,
    });
    for (let i = 1; i <= 9; i++) {
      t += 100;
      bar.update(i);
    }
    t += 100;
    bar.update(10);
    bar.finish();
    expect(out).toHaveLength(2);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });
});
