import { describe, expect, it } from 'vitest';
import { FeedError } from './errors';
import type { SafeGetResult } from './http';
import type { FeedPollState } from './poll';
import { FeedPoller } from './poller';

const rss = (guids: string[]) =>
  Buffer.from(
    `<rss><channel>${guids.map((g) => `<item><guid>${g}</guid><description>story ${g}</description></item>`).join('')}</channel></rss>`,
  );

describe('FeedPoller', () => {
  it('polls due feeds, saves state, skips feeds not due, backs off a failing one', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new Map<string, FeedPollState>([
      ['a', { id: 'a', url: 'http://a/', source: 'A', intervalSeconds: 60 }],
      ['b', { id: 'b', url: 'http://b/', source: 'B', intervalSeconds: 60 }],
    ]);
    const published: string[] = [];
    let bDown = true;
    const poller = new FeedPoller<FeedPollState>({
      list: () => store.values(),
      save: async (f) => void store.set(f.id, f),
      now: () => new Date(now),
      fetch: async (url): Promise<SafeGetResult> => {
        if (url === 'http://b/' && bDown)
          throw new FeedError('http_status', 'HTTP 503', { status: 503, retryAfterSeconds: 600 });
        return {
          notModified: false,
          status: 200,
          body: rss(url === 'http://a/' ? ['1', '2'] : ['x']),
          url,
          redirects: 0,
        };
      },
      publish: async (r) => void published.push(...r.map((x) => `${x.feedId}:${x.body}`)),
    });
    await poller.tick();
    expect(published).toEqual(['a:story 2', 'a:story 1']);
    expect(store.get('b')!.consecutiveFailures).toBe(1);
    expect(poller.nextPollAt(store.get('b')!).getTime() - now).toBeGreaterThanOrEqual(600_000); // Retry-After

    now += 30_000;
    await poller.tick(); // nothing due
    expect(published).toHaveLength(2);

    now += 70_000;
    bDown = false;
    await poller.tick(); // a is due again (nothing new); b still waits for its Retry-After
    expect(published).toHaveLength(2);
    expect(store.get('a')!.lastStatus).toMatch(/^ok: 0 new, 2 already seen/);
    expect(store.get('b')!.consecutiveFailures).toBe(1);

    now += 600_000;
    await poller.tick();
    expect(published).toEqual(['a:story 2', 'a:story 1', 'b:story x']);
    expect(store.get('b')!.consecutiveFailures).toBe(0);
  });

  it('never polls one feed twice at once and respects the concurrency limit', async () => {
    let active = 0;
    let maxActive = 0;
    const feeds = Array.from({ length: 6 }, (_, i): FeedPollState => ({
      id: `f${i}`,
      url: `http://f${i}/`,
      source: 's',
      intervalSeconds: 60,
    }));
    const poller = new FeedPoller<FeedPollState>({
      list: () => feeds,
      save: async () => undefined,
      concurrency: 2,
      fetch: async (url) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return { notModified: true, status: 304, url, redirects: 0 };
      },
      publish: async () => undefined,
    });
    const t1 = poller.tick();
    const t2 = poller.tick();
    await Promise.all([t1, t2]);
    expect(maxActive).toBe(2);
    const same = [poller.pollNow(feeds[5]), poller.pollNow(feeds[5])];
    expect(poller.isPolling('f5')).toBe(true);
    await Promise.all(same);
    expect(poller.isPolling('f5')).toBe(false);
  });
});
