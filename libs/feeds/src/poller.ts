/**
 * Runs the polls: on every tick, each due feed that is not already being polled is polled, at most
 * `concurrency` at a time, and its new state is saved. Storage, clock, fetching and publishing are
 * injected (the ingestion service passes the compacted feeds table, safeGet and the report
 * publisher), so the loop is testable with fakes.
 */
import { pollOnce, type FeedPollState, type PollDeps, type PollResult } from './poll';
import { isDue, nextPollAt } from './schedule';

export interface FeedPollerDeps<T extends FeedPollState> extends PollDeps {
  /** The registered feeds right now. */
  list(): Iterable<T>;
  /** Persists a feed's new poll state; `previous` is the record the poll started from. */
  save(feed: T, previous: T): Promise<void>;
  concurrency?: number;
  onResult?(result: PollResult<T>): void;
  onError?(feed: T, error: Error): void;
}

export class FeedPoller<T extends FeedPollState> {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Retry-After per feed, from the last failed poll (not persisted: a restart polls a little early at worst). */
  private readonly retryAfter = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: FeedPollerDeps<T>) {}

  /** When the feed is next polled, as the scheduler sees it (for GET /feeds). */
  nextPollAt(feed: T): Date {
    const ra = this.retryAfter.get(feed.id);
    return nextPollAt({ ...feed, ...(ra !== undefined ? { retryAfterSeconds: ra } : {}) });
  }

  isPolling(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** Starts due polls and resolves when the polls started by this tick have finished. */
  async tick(): Promise<void> {
    const now = (this.deps.now ?? (() => new Date()))();
    const limit = this.deps.concurrency ?? 4;
    const started: Promise<void>[] = [];
    for (const feed of this.deps.list()) {
      if (this.stopped || this.inFlight.size >= limit) break;
      if (this.inFlight.has(feed.id)) continue;
      const ra = this.retryAfter.get(feed.id);
      if (!isDue({ ...feed, ...(ra !== undefined ? { retryAfterSeconds: ra } : {}) }, now)) continue;
      const p = this.pollAndSave(feed).finally(() => this.inFlight.delete(feed.id));
      this.inFlight.set(feed.id, p);
      started.push(p);
    }
    await Promise.all(started);
  }

  /** Polls one feed now, whatever its schedule (POST /feeds polls a new feed at once). */
  pollNow(feed: T): Promise<void> {
    const running = this.inFlight.get(feed.id);
    if (running) return running;
    const p = this.pollAndSave(feed).finally(() => this.inFlight.delete(feed.id));
    this.inFlight.set(feed.id, p);
    return p;
  }

  private async pollAndSave(feed: T): Promise<void> {
    try {
      const result = await pollOnce(feed, this.deps);
      if (result.retryAfterSeconds !== undefined) this.retryAfter.set(feed.id, result.retryAfterSeconds);
      else this.retryAfter.delete(feed.id);
      await this.deps.save(result.feed, feed);
      this.deps.onResult?.(result);
    } catch (e) {
      this.deps.onError?.(feed, e as Error);
    }
  }

  /** Ticks every `everyMs`; a feed already being polled is skipped. */
  start(everyMs = 1_000): void {
    this.stopped = false;
    // a slow feed must not hold up the others: the loop starts polls and does not wait for them
    const loop = () => {
      if (this.stopped) return;
      void this.tick();
      this.timer = setTimeout(loop, everyMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops ticking and waits for the polls in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.inFlight.values());
  }

  forget(id: string): void {
    this.retryAfter.delete(id);
  }
}
