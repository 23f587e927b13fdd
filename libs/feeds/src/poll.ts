/**
 * One poll of one feed: conditional GET, parse, pick the new items, publish them, and the feed's
 * next state. I/O comes in through `deps`, so the whole policy is testable without a network or
 * Kafka. The state is only advanced (validators, seen items) after the publish succeeded: a failed
 * publish is retried at the next poll rather than lost behind a 304.
 */
import { FeedError } from './errors';
import type { SafeGetResult } from './http';
import { parseFeed, type FeedItem } from './parse';
import { SeenItems, selectNewItems } from './dedup';
import { delayAfter, statusText, type PollOutcome } from './schedule';
import { decodeFeedBytes } from './text';

/** The poll-related part of a feed record (FeedSchema in libs/contracts). */
export interface FeedPollState {
  id: string;
  url: string;
  source: string;
  intervalSeconds: number;
  etag?: string;
  lastModified?: string;
  lastPolledAt?: string;
  lastStatus?: string;
  lastError?: string;
  consecutiveFailures?: number;
  seenItems?: string[];
}

/** A feed item as a report request ({source, body, title?, url?, publishedAt?}) plus where it came from. */
export interface FeedReport {
  source: string;
  body: string;
  title?: string;
  url?: string;
  publishedAt?: string;
  feedId: string;
}

export interface PollDeps {
  fetch: (url: string, validators: { etag?: string; lastModified?: string }) => Promise<SafeGetResult>;
  /** Resolves once the reports are durably accepted (Kafka acks); throws otherwise. */
  publish: (reports: FeedReport[]) => Promise<void>;
  now?: () => Date;
}

export interface PollResult<T extends FeedPollState> {
  feed: T;
  outcome: PollOutcome;
  published: number;
  /** Seconds the server asked us to wait (Retry-After on 429/503), for the scheduler. */
  retryAfterSeconds?: number;
}

export function toReport(item: FeedItem, feed: Pick<FeedPollState, 'id' | 'source'>): FeedReport {
  return {
    source: feed.source,
    body: item.body || item.title || '',
    ...(item.title ? { title: item.title } : {}),
    ...(item.link ? { url: item.link } : {}),
    ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
    feedId: feed.id,
  };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}\u2026` : s);

export async function pollOnce<T extends FeedPollState>(feed: T, deps: PollDeps): Promise<PollResult<T>> {
  const now = (deps.now ?? (() => new Date()))();
  const lastPolledAt = now.toISOString();
  const failed = (code: string, message: string, retryAfterSeconds?: number): PollResult<T> => {
    const failures = (feed.consecutiveFailures ?? 0) + 1;
    const outcome: PollOutcome = { kind: 'error', code, message };
    const next = delayAfter(feed.intervalSeconds, failures, retryAfterSeconds);
    return {
      feed: {
        ...feed,
        lastPolledAt,
        consecutiveFailures: failures,
        lastError: clip(`${code}: ${message}`, 2_000),
        lastStatus: statusText(outcome, failures, next),
      },
      outcome,
      published: 0,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  };
  let res: SafeGetResult;
  try {
    res = await deps.fetch(feed.url, {
      ...(feed.etag ? { etag: feed.etag } : {}),
      ...(feed.lastModified ? { lastModified: feed.lastModified } : {}),
    });
  } catch (e) {
    if (e instanceof FeedError) return failed(e.code, e.message, e.extra.retryAfterSeconds);
    return failed('internal', (e as Error).message ?? String(e));
  }
  if (res.notModified) {
    const outcome: PollOutcome = { kind: 'not-modified' };
    const { lastError: _drop, ...rest } = feed;
    return {
      feed: {
        ...(rest as T),
        lastPolledAt,
        consecutiveFailures: 0,
        lastStatus: statusText(outcome, 0, feed.intervalSeconds),
        ...(res.etag ? { etag: res.etag } : {}),
        ...(res.lastModified ? { lastModified: res.lastModified } : {}),
      },
      outcome,
      published: 0,
    };
  }
  let items: FeedItem[];
  let skipped: number;
  try {
    const parsed = parseFeed(decodeFeedBytes(res.body, res.contentType), { baseUrl: res.url });
    items = parsed.items;
    skipped = parsed.skipped;
  } catch (e) {
    if (e instanceof FeedError) return failed(e.code, e.message);
    return failed('internal', (e as Error).message ?? String(e));
  }
  const seen = new SeenItems(feed.seenItems ?? []);
  const { fresh, seenCount } = selectNewItems(items, seen);
  if (fresh.length) {
    try {
      await deps.publish(fresh.map((f) => toReport(f.item, feed)));
    } catch (e) {
      return failed('publish_failed', (e as Error).message ?? String(e));
    }
    for (const f of fresh) seen.add(f.keys);
  }
  const outcome: PollOutcome = {
    kind: 'ok',
    httpStatus: res.status,
    newItems: fresh.length,
    seenItems: seenCount,
    skipped,
  };
  const { lastError: _drop, etag: _e, lastModified: _l, ...rest } = feed;
  return {
    feed: {
      ...(rest as T),
      ...(res.etag ? { etag: res.etag } : {}),
      ...(res.lastModified ? { lastModified: res.lastModified } : {}),
      lastPolledAt,
      consecutiveFailures: 0,
      lastStatus: statusText(outcome, 0, feed.intervalSeconds),
      seenItems: seen.toArray(),
    },
    outcome,
    published: fresh.length,
  };
}
