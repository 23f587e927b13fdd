import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemKeys, normaliseLink, SeenItems, selectNewItems } from './dedup';
import { safeGet } from './http';
import type { FeedItem } from './parse';
import { pollOnce, type FeedPollState, type FeedReport, type PollDeps } from './poll';
import { delayAfter, formatDuration, isDue, jitterFraction, nextPollAt, statusText } from './schedule';
import { parseAllowedHosts } from './ssrf';
import { rssOf, startFeedServer, type FeedServer } from './testing/feed-server';

describe('de-duplication keys', () => {
  it('identifies items by GUID, link and text', () => {
    const a: FeedItem = {
      guid: 'g1',
      link: 'https://x.org/a?utm_source=rss#top',
      body: 'Taliban  seize Islam Qala',
    };
    const b: FeedItem = { guid: 'g2', link: 'http://X.org/a/', body: 'other text' };
    const c: FeedItem = { guid: 'g3', body: 'taliban seize islam qala' };
    const seen = new SeenItems();
    seen.add(itemKeys(a));
    expect(seen.hasAny(itemKeys(b))).toBe(true); // same link
    expect(seen.hasAny(itemKeys(c))).toBe(true); // same text
    expect(seen.hasAny(itemKeys({ guid: 'g4', body: 'new story' }))).toBe(false);
    expect(normaliseLink('https://x.org/a/?b=2&a=1&utm_medium=x#f')).toBe('http://x.org/a?a=1&b=2');
    expect(itemKeys(a).every((k) => k.length <= 128)).toBe(true);
  });
  it('bounds the seen set, forgetting the oldest, and keeps listed items fresh', () => {
    const s = new SeenItems(['a', 'b', 'c'], 3);
    s.add(['d']);
    expect(s.toArray()).toEqual(['b', 'c', 'd']);
    s.add(['b']);
    s.add(['e']);
    expect(s.toArray()).toEqual(['d', 'b', 'e']);
  });
  it('selects new items oldest first, once per document', () => {
    const items: FeedItem[] = [
      { guid: '3', body: 'three' },
      { guid: '2', body: 'two' },
      { guid: '2', body: 'two again' },
      { guid: '1', body: 'one' },
    ];
    const seen = new SeenItems(itemKeys({ guid: '1', body: 'one' }));
    const { fresh, seenCount } = selectNewItems(items, seen);
    expect(fresh.map((f) => f.item.guid)).toEqual(['2', '3']);
    expect(seenCount).toBe(2);
  });
});

describe('poll schedule', () => {
  it('polls at the interval when healthy and backs off exponentially on errors', () => {
    expect(delayAfter(300, 0)).toBe(300);
    expect([1, 2, 3, 4].map((n) => delayAfter(300, n))).toEqual([300, 600, 1200, 2400]);
    expect(delayAfter(300, 30)).toBe(6 * 3600);
    expect(delayAfter(86_400, 5)).toBe(86_400);
    expect(delayAfter(60, 1, 600)).toBe(600); // Retry-After wins when longer
  });
  it('is due when never polled, or once the delay (plus a stable jitter) has passed', () => {
    const t = { id: 'f1', intervalSeconds: 100, lastPolledAt: '2026-01-01T00:00:00.000Z' };
    expect(isDue({ id: 'f1', intervalSeconds: 100 }, new Date())).toBe(true);
    const next = nextPollAt(t).getTime();
    expect(next).toBe(Math.round(Date.parse(t.lastPolledAt) + 100_000 * (1 + jitterFraction('f1'))));
    expect(jitterFraction('f1')).toBeGreaterThanOrEqual(0);
    expect(jitterFraction('f1')).toBeLessThan(0.1);
    expect(isDue(t, new Date(next - 1))).toBe(false);
    expect(isDue(t, new Date(next))).toBe(true);
    expect(nextPollAt({ ...t, consecutiveFailures: 3 }).getTime()).toBeGreaterThan(next);
  });
  it('writes short status lines', () => {
    expect(statusText({ kind: 'ok', httpStatus: 200, newItems: 2, seenItems: 5, skipped: 0 }, 0, 300)).toBe(
      'ok: 2 new, 5 already seen (HTTP 200)',
    );
    expect(statusText({ kind: 'not-modified' }, 0, 300)).toBe('ok: not modified (HTTP 304)');
    expect(statusText({ kind: 'error', code: 'timeout', message: 'x'.repeat(500) }, 3, 1200)).toHaveLength(
      200,
    );
    expect(formatDuration(3725)).toBe('1h 2m');
  });
});

describe('pollOnce against a local feed server', () => {
  let srv: FeedServer;
  let deps: PollDeps;
  const published: FeedReport[][] = [];
  let mode: 'ok' | 'down' | 'malformed' | 'huge' = 'ok';
  let items: Array<{ guid: string; title: string; body: string; link?: string; date?: string }> = [
    {
      guid: 'a',
      title: 'Islam Qala',
      body: '&lt;p&gt;The Taliban claim to have seized Islam Qala.&lt;/p&gt;',
      link: 'http://feeds.local/a',
      date: 'Fri, 09 Jul 2021 08:00:00 GMT',
    },
    {
      guid: 'b',
      title: 'Qala-i-Naw',
      body: 'The Taliban attacked Qala-i-Naw, capital of Badghis.',
      link: 'http://feeds.local/b',
    },
  ];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let failPublish = false;

  beforeAll(async () => {
    srv = await startFeedServer();
    srv.route('/rss', (req, res) => {
      if (mode === 'down') return void res.writeHead(503, { 'retry-after': '30' }).end('maintenance');
      if (mode === 'malformed')
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<rss><channel><item><title>broken</channel></rss>');
      if (mode === 'huge') return void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 0x20));
      const body = rssOf(items);
      const etag = `"${body.length}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
    });
    const allowedHosts = parseAllowedHosts(srv.hostPort);
    deps = {
      fetch: (url, v) => safeGet(url, { ...v, allowedHosts, maxBytes: 1024 * 1024, timeoutMs: 3_000 }),
      publish: async (r) => {
        if (failPublish) throw new Error('kafka unavailable');
        published.push(r);
      },
      now: () => new Date((clock += 60_000)),
    };
  });
  afterAll(() => srv.close());

  it('publishes new items, then nothing on 304, then only the new one; fails on malformed XML, a huge body, 503, and recovers', async () => {
    let feed: FeedPollState = {
      id: 'f-local',
      url: `${srv.url}/rss`,
      source: 'Local wire',
      intervalSeconds: 300,
    };

    let r = await pollOnce(feed, deps);
    expect(r.outcome).toEqual({ kind: 'ok', httpStatus: 200, newItems: 2, seenItems: 0, skipped: 0 });
    expect(published[0].map((p) => p.title)).toEqual(['Qala-i-Naw', 'Islam Qala']); // oldest first
    expect(published[0][1]).toEqual({
      source: 'Local wire',
      title: 'Islam Qala',
      body: 'The Taliban claim to have seized Islam Qala.',
      url: 'http://feeds.local/a',
      publishedAt: '2021-07-09T08:00:00.000Z',
      feedId: 'f-local',
    });
    feed = r.feed;
    expect(feed.etag).toBeDefined();
    expect(feed.lastStatus).toBe('ok: 2 new, 0 already seen (HTTP 200)');

    r = await pollOnce(feed, deps);
    expect(r.outcome.kind).toBe('not-modified');
    expect(published).toHaveLength(1);
    feed = r.feed;

    items = [
      {
        guid: 'c',
        title: 'Sher Khan Bandar',
        body: 'The Taliban took Sher Khan Bandar.',
        link: 'http://feeds.local/c',
      },
      ...items,
    ];
    r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'ok', newItems: 1, seenItems: 2 });
    expect(published[1].map((p) => p.title)).toEqual(['Sher Khan Bandar']);
    feed = r.feed;

    mode = 'malformed';
    r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'error', code: 'malformed_xml' });
    expect(r.feed.consecutiveFailures).toBe(1);
    expect(r.feed.lastError).toMatch(/^malformed_xml: malformed XML at line 1/);
    expect(r.feed.etag).toBe(feed.etag); // validators and seen items survive a failure
    expect(r.feed.seenItems).toEqual(feed.seenItems);
    feed = r.feed;

    mode = 'huge';
    r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'error', code: 'too_large' });
    feed = r.feed;

    mode = 'down';
    r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'error', code: 'http_status' });
    expect(r.retryAfterSeconds).toBe(30);
    expect(r.feed.consecutiveFailures).toBe(3);
    expect(r.feed.lastStatus).toMatch(/^error \(3 in a row, next try in 20m\): http_status: HTTP 503/);
    feed = r.feed;
    expect(nextPollAt(feed).getTime() - Date.parse(feed.lastPolledAt!)).toBeGreaterThanOrEqual(1200_000);

    // recovers: one new item while it was down, the old ones are not republished
    mode = 'ok';
    items = [{ guid: 'd', title: 'Recovered', body: 'A story published during the outage.' }, ...items];
    r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'ok', newItems: 1, seenItems: 3 });
    expect(r.feed.consecutiveFailures).toBe(0);
    expect(r.feed.lastError).toBeUndefined();
    expect(published.flat().map((p) => p.title)).toEqual([
      'Qala-i-Naw',
      'Islam Qala',
      'Sher Khan Bandar',
      'Recovered',
    ]);
  });

  it('does not advance when publishing fails, so nothing is lost behind a 304', async () => {
    mode = 'ok';
    let feed: FeedPollState = {
      id: 'f-pub',
      url: `${srv.url}/rss`,
      source: 'Local wire',
      intervalSeconds: 60,
    };
    failPublish = true;
    let r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'error', code: 'publish_failed' });
    expect(r.feed.etag).toBeUndefined();
    expect(r.feed.seenItems).toBeUndefined();
    feed = r.feed;
    failPublish = false;
    const before = published.length;
    r = await pollOnce(feed, deps);
    expect(r.outcome).toMatchObject({ kind: 'ok', newItems: items.length });
    expect(published.length).toBe(before + 1);
  });

  it('refuses a feed on loopback when it is not opted in', async () => {
    const r = await pollOnce(
      { id: 'f-x', url: `${srv.url}/rss`, source: 's', intervalSeconds: 60 },
      { ...deps, fetch: (url, v) => safeGet(url, v) },
    );
    expect(r.outcome).toMatchObject({ kind: 'error', code: 'blocked_address' });
  });
});
