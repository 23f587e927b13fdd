import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { startIngestion } from '../../apps/ingestion/src/app';
import { FeedsService } from '../../apps/ingestion/src/feeds.service';
import { parseAllowedHosts } from '../../libs/feeds/src';
import { rssOf, startFeedServer, type FeedServer } from '../../libs/feeds/src/testing/feed-server';
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

/**
 * Feeds end to end: a local HTTP server serves RSS, the ingestion service (with that server opted
 * in, as FEEDS_ALLOWED_HOSTS would) polls it and publishes each new item as a report on Kafka.
 */
describe('feeds', () => {
  let broker: TestBroker;
  let srv: FeedServer;
  let app: INestApplication;
  let url: string;
  let reports: TopicReader;
  let mode: 'ok' | 'malformed' | 'huge' | 'private' = 'ok';
  let items = [
    {
      guid: 'islam-qala',
      title: 'Taliban claim Islam Qala',
      body: '&lt;p&gt;The Taliban claim to have seized Islam Qala, the main border crossing with Iran, officials said on Friday.&lt;/p&gt;',
      link: 'http://feeds.local/islam-qala',
      date: 'Fri, 09 Jul 2021 08:00:00 GMT',
    },
    {
      guid: 'qala-i-naw',
      title: 'Qala-i-Naw attacked',
      body: 'The Taliban attacked Qala-i-Naw, the capital of Badghis province, on Wednesday.',
      link: 'http://feeds.local/qala-i-naw',
    },
  ];
  const start = () =>
    startIngestion(testConfig(broker.brokers), 0, {
      feedsAllowedHosts: parseAllowedHosts(srv.hostPort),
      feedsTickMs: 100,
    });
  const fromFeed = (id: string) => reports.messages.filter((m) => m.value.feedId === id);

  beforeAll(async () => {
    broker = await startBroker();
    srv = await startFeedServer();
    srv.route('/rss', (req, res) => {
      if (mode === 'malformed')
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<rss><channel><item><title>cut off');
      if (mode === 'huge')
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(Buffer.alloc(6 * 1024 * 1024, 0x20));
      if (mode === 'private') return void res.writeHead(302, { location: 'http://192.168.1.1/rss' }).end();
      const body = rssOf(items);
      const etag = `"${body.length}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
    });
    app = await start();
    url = urlOf(app);
    reports = await followTopic(broker.brokers, TOPICS.reports);
  }, 60_000);
  afterAll(async () => {
    await reports?.stop();
    await app?.close();
    await srv?.close();
    await broker?.stop();
  });

  it('requires the operator token and refuses addresses the poller may not reach', async () => {
    expect((await http('GET', `${url}/feeds`)).status).toBe(401);
    const loop = await http('POST', `${url}/feeds`, { url: 'http://127.0.0.1:9/rss' }, auth);
    expect(loop.status).toBe(400);
    expect(loop.body.error.details[0]).toEqual({ path: 'url', message: expect.stringContaining('loopback') });
    const meta = await http(
      'POST',
      `${url}/feeds`,
      { url: 'http://169.254.169.254/latest/meta-data/' },
      auth,
    );
    expect(meta.body.error.message).toMatch(/cloud metadata endpoint/);
    const bad = await http('POST', `${url}/feeds`, { url: 'file:///etc/passwd', intervalSeconds: 5 }, auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'intervalSeconds',
      'url',
    ]);
  });

  it('polls a registered feed, publishes each item once, shows the status, survives failures and a restart', async () => {
    const created = await http(
      'POST',
      `${url}/feeds`,
      { url: `${srv.url}/rss`, source: 'Local wire', intervalSeconds: 3600 },
      auth,
    );
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({
      url: `${srv.url}/rss`,
      source: 'Local wire',
      intervalSeconds: 3600,
      createdBy: 'operator',
    });
    expect((await http('POST', `${url}/feeds`, { url: `${srv.url}/rss` }, auth)).status).toBe(409);

    await waitFor('two feed reports', () => fromFeed(id).length >= 2 || undefined);
    // (the reports topic has 3 partitions: the order read back is not the publish order)
    const byTitle = (t: string) => fromFeed(id).find((m) => m.value.title === t)?.value;
    expect(byTitle('Taliban claim Islam Qala')).toMatchObject({
      source: 'Local wire',
      title: 'Taliban claim Islam Qala',
      body: 'The Taliban claim to have seized Islam Qala, the main border crossing with Iran, officials said on Friday.',
      url: 'http://feeds.local/islam-qala',
      publishedAt: '2021-07-09T08:00:00.000Z',
      language: 'en',
      feedId: id,
    });
    expect(byTitle('Qala-i-Naw attacked')).toMatchObject({
      body: 'The Taliban attacked Qala-i-Naw, the capital of Badghis province, on Wednesday.',
      url: 'http://feeds.local/qala-i-naw',
    });
    const listed = await waitFor('status ok', async () => {
      const r = await http('GET', `${url}/feeds`, undefined, auth);
      return r.body.feeds.find(
        (f: { id: string; lastStatus: string }) => f.id === id && f.lastStatus.startsWith('ok'),
      );
    });
    expect(listed).toMatchObject({
      lastStatus: 'ok: 2 new, 0 already seen (HTTP 200)',
      consecutiveFailures: 0,
      seenItems: 6,
      polling: false,
    });

    // conditional GET: nothing changed
    expect((await http('POST', `${url}/feeds/${id}/poll`, undefined, auth)).body.lastStatus).toBe(
      'ok: not modified (HTTP 304)',
    );
    expect(srv.requests[srv.requests.length - 1].headers['if-none-match']).toBeDefined();

    // failures are visible and counted; nothing is lost or republished
    mode = 'malformed';
    let s = (await http('POST', `${url}/feeds/${id}/poll`, undefined, auth)).body;
    expect(s).toMatchObject({
      consecutiveFailures: 1,
      lastError: expect.stringMatching(/^malformed_xml: malformed XML at line 1/),
    });
    mode = 'huge';
    s = (await http('POST', `${url}/feeds/${id}/poll`, undefined, auth)).body;
    expect(s.lastError).toMatch(/^too_large/);
    mode = 'private';
    s = (await http('POST', `${url}/feeds/${id}/poll`, undefined, auth)).body;
    expect(s).toMatchObject({
      consecutiveFailures: 3,
      lastError: expect.stringMatching(/^blocked_address: 192\.168\.1\.1 is a private address/),
    });
    expect(s.lastStatus).toMatch(/^error \(3 in a row, next try in 4h\)/);

    // recovers with the one new item
    mode = 'ok';
    items = [
      {
        guid: 'sher-khan',
        title: 'Sher Khan Bandar',
        body: 'The Taliban took Sher Khan Bandar on the Tajik border last month.',
        link: 'http://feeds.local/sher-khan',
      },
      ...items,
    ];
    s = (await http('POST', `${url}/feeds/${id}/poll`, undefined, auth)).body;
    expect(s).toMatchObject({ consecutiveFailures: 0, lastStatus: 'ok: 1 new, 2 already seen (HTTP 200)' });
    await waitFor('third report', () => fromFeed(id).length >= 3 || undefined);

    // a restart: state comes back from the compacted topic; a changed feed (new ETag) republishes nothing old
    await app.close();
    items = items.map((i) => ({ ...i, body: `${i.body} ` })); // new ETag, same items
    app = await start();
    url = urlOf(app);
    const after = (await http('POST', `${url}/feeds/${id}/poll`, undefined, auth)).body;
    expect(after.lastStatus).toBe('ok: 0 new, 3 already seen (HTTP 200)');
    await new Promise((r) => setTimeout(r, 500));
    expect(fromFeed(id)).toHaveLength(3);

    expect((await http('DELETE', `${url}/feeds/${id}`, undefined, auth)).status).toBe(204);
    expect((await http('GET', `${url}/feeds/${id}`, undefined, auth)).status).toBe(404);
    expect((await http('DELETE', `${url}/feeds/${id}`, undefined, auth)).status).toBe(404);
  });

  it('lets exactly one of two instances poll on schedule, and hands over when it stops', async () => {
    const second = await start();
    let closedSecond = false;
    try {
      const owners = () => [app, second].map((a) => a.get(FeedsService).pollsOnSchedule);
      await waitFor('one owner', () => owners().filter(Boolean).length === 1 || undefined, 30_000);
      const [ownerApp, other] = owners()[0] ? [app, second] : [second, app];
      await ownerApp.close();
      if (ownerApp === second) closedSecond = true;
      await waitFor('hand-over', () => other.get(FeedsService).pollsOnSchedule || undefined, 30_000);
      if (ownerApp === app) {
        app = second;
        url = urlOf(app);
      }
    } finally {
      if (second !== app && !closedSecond) await second.close();
    }
  }, 60_000);
});
