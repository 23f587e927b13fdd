import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { startIngestion } from '../../apps/ingestion/src/app';
import {
  auth,
  followTopic,
  http,
  startBroker,
  testConfig,
  waitFor,
  type TestBrokerLike as TestBroker,
  type TopicReader,
} from './helpers';

const post = (url: string, body: string | Buffer, type: string) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });

describe('ingestion front door', () => {
  let broker: TestBroker;
  let app: INestApplication;
  let limited: INestApplication;
  let url: string;
  let reports: TopicReader;
  beforeAll(async () => {
    broker = await startBroker();
    app = await startIngestion(testConfig(broker.brokers), 0, {
      ratePerSecond: 1_000,
      rateBurst: 1_000,
      feedsPolling: false,
    });
    limited = await startIngestion(testConfig(broker.brokers), 0, {
      ratePerSecond: 0.5,
      rateBurst: 3,
      feedsPolling: false,
    });
    url = urlOf(app);
    reports = await followTopic(broker.brokers, TOPICS.reports);
  }, 60_000);
  afterAll(async () => {
    await reports?.stop();
    await limited?.close();
    await app?.close();
    await broker?.stop();
  });

  it('answers 429 with Retry-After once a client is over its rate, before reading the body', async () => {
    const u = `${urlOf(limited)}/reports`;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await post(u, JSON.stringify({ source: 'a' }), 'application/json');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    expect(last!.headers.get('retry-after')).toBe('2');
    expect(await last!.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many requests from this client; retry after 2s' },
    });
    expect((await fetch(`${urlOf(limited)}/health`)).status).not.toBe(429);
  });

  it('limits body size per route with 413', async () => {
    const big = JSON.stringify({ source: 'a', body: 'x'.repeat(1_200_000) });
    const single = await post(`${url}/reports`, big, 'application/json');
    expect(single.status).toBe(413);
    expect(((await single.json()) as any).error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/over the 1048576 byte limit/),
    });
    const oversizedFeed = JSON.stringify({ url: `https://x.org/${'a'.repeat(100_000)}` });
    // an operator endpoint checks the token before it reads a byte of the body
    expect((await post(`${url}/feeds`, oversizedFeed, 'application/json')).status).toBe(401);
    const feeds = await fetch(`${url}/feeds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth },
      body: oversizedFeed,
    });
    expect(feeds.status).toBe(413);
    const batch = await post(
      `${url}/reports/batch`,
      JSON.stringify([
        { source: 'a', body: 'y'.repeat(150_000) },
        { source: 'a', body: 'z'.repeat(150_000) },
      ]),
      'application/json',
    );
    expect(batch.status).toBe(202);
  });

  it('refuses bytes that are not UTF-8 and JSON escapes that are not Unicode', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"source":"a","body":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    const r = await post(`${url}/reports`, bytes, 'application/json');
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).error).toEqual({
      code: 'invalid_utf8',
      message: 'The body is not valid UTF-8: invalid byte 0xe9 at byte 25 (line 1); send UTF-8',
    });
    const text = await post(`${url}/reports?source=wire`, Buffer.from([0x61, 0x0a, 0xff]), 'text/plain');
    expect(((await text.json()) as any).error.message).toMatch(/line 2/);
    // declared Latin-1 is decoded, not refused
    const latin1 = await post(
      `${url}/reports?source=wire`,
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x69, 0x6e, 0x20, 0x48, 0x65, 0x72, 0x61, 0x74]),
      'text/plain; charset=iso-8859-1',
    );
    expect(latin1.status).toBe(202);
    const lone = await http('POST', `${url}/reports`, { source: 'a', body: 'bad \ud800 text' });
    expect(lone.status).toBe(400);
    expect(lone.body.error.details).toEqual([
      { path: 'body', message: expect.stringContaining('lone surrogate') },
    ]);
  });

  it('gives field paths and reasons', async () => {
    const r = await http('POST', `${url}/reports`, { source: 7, body: 'text', publishedAt: 'yesterday' });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([
      { path: 'source', message: 'expected a string' },
      { path: 'publishedAt', message: expect.stringContaining('ISO date') },
    ]);
    expect(r.body.error.message).toBe('Invalid report: source: expected a string (and 1 more)');
    const batch = await http('POST', `${url}/reports/batch`, [
      { source: 'a', body: 'fine text for the batch test' },
      { source: 'a', body: '', extra: 1 },
    ]);
    expect(batch.body.rejected[0]).toMatchObject({
      index: 1,
      error: expect.stringMatching(/body: required.*; \(root\): Unrecognized key: "extra"|Unrecognized key/),
    });
  });

  it('normalises HTML and whitespace and marks the language; non-English is accepted', async () => {
    const html =
      '<div><p>The Taliban   attacked <b>Qala-i-Naw</b>, the capital of Badghis&nbsp;province, on Wednesday.</p><script>evil()</script><p>Officials said the fighting continued.</p></div>';
    const en = await http('POST', `${url}/reports`, { source: 'wire', body: html });
    expect(en.status).toBe(202);
    const fa = await http('POST', `${url}/reports`, {
      source: 'wire',
      body: 'طالبان کنترول گذرگاه مرزی اسلام قلعه را در دست گرفتند و این خبر را تایید کردند',
    });
    expect(fa.status).toBe(202);
    const short = await http('POST', `${url}/reports`, { source: 'wire', body: 'Taliban seize Islam Qala' });
    const get = (id: string) =>
      waitFor(`report ${id}`, () => reports.messages.find((m) => m.key === id)?.value);
    expect(await get(en.body.id)).toMatchObject({
      body: 'The Taliban attacked Qala-i-Naw, the capital of Badghis province, on Wednesday.\n\nOfficials said the fighting continued.',
      language: 'en',
    });
    expect((await get(fa.body.id)).language).toBe('fa');
    expect((await get(short.body.id)).language).toBeUndefined();
  });
});
