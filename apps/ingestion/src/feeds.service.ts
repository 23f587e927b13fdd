import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { FeedSchema, parseWith, TOPICS, type Feed } from '@watchfire/contracts';
import { ApiError, MetricsRegistry } from '@watchfire/common';
import { KafkaFactory, KafkaPublisher, type CompactedTable } from '@watchfire/kafka';
import {
  checkFeedUrl,
  defaultResolver,
  FeedError,
  FeedPoller,
  resolveSafely,
  safeGet,
  SCHEDULE,
  type FeedReport,
} from '@watchfire/feeds';
import { FeedOwnership } from './feed-ownership';
import type { IngestionOptions } from './front-door';
import { normaliseReport, ReportRequestSchema, type NormalisedReport } from './report-input';
import { ReportsService } from './reports.service';
import { INGESTION_OPTIONS } from './tokens';

/** POST /feeds */
export const FeedRequestSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'an http(s) URL of an RSS or Atom feed' }).max(2_048),
    intervalSeconds: z
      .number()
      .int()
      .min(SCHEDULE.minIntervalSeconds)
      .max(SCHEDULE.maxIntervalSeconds)
      .optional(),
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type FeedRequest = z.infer<typeof FeedRequestSchema>;

/** What GET /feeds shows per feed: the registration, the last poll and the next one (the seen set as a count). */
export interface FeedView {
  id: string;
  url: string;
  source: string;
  intervalSeconds: number;
  createdAt: string;
  createdBy: string;
  lastPolledAt?: string;
  lastStatus: string;
  lastError?: string;
  consecutiveFailures: number;
  nextPollAt: string;
  polling: boolean;
  seenItems: number;
}

/** Same URL, same id: registering a feed twice is a conflict, not a second poller. */
export function feedIdOf(url: string): string {
  return `feed-${createHash('sha256').update(new URL(url).toString()).digest('hex').slice(0, 20)}`;
}

/** Keeps a record inside FeedSchema's bounds whatever a server sent (validators, messages). */
function bounded(feed: Feed): Feed {
  const f = { ...feed };
  if (f.etag && f.etag.length > 1_000) delete f.etag;
  if (f.lastModified && f.lastModified.length > 200) delete f.lastModified;
  if (f.lastStatus && f.lastStatus.length > 200) f.lastStatus = f.lastStatus.slice(0, 200);
  if (f.lastError && f.lastError.length > 2_000) f.lastError = f.lastError.slice(0, 2_000);
  if (f.seenItems && f.seenItems.length > 5_000) f.seenItems = f.seenItems.slice(-5_000);
  return f;
}

/**
 * Registered feeds live in the compacted topic watchfire.feeds.v1 (key: feed id), registration and
 * poll state in one record, so that validators (ETag/Last-Modified) and the seen-item keys survive
 * restarts. Every instance materialises the table; the poller publishes each new item as a report
 * through the same path as POST /reports (normalisation, content-hash de-dup, acks=all).
 */
@Injectable()
export class FeedsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FeedsService.name);
  private readonly table: CompactedTable<typeof TOPICS.feeds>;
  private readonly poller: FeedPoller<Feed>;
  private readonly ownership: FeedOwnership;

  constructor(
    factory: KafkaFactory,
    private readonly publisher: KafkaPublisher,
    private readonly reports: ReportsService,
    private readonly metrics: MetricsRegistry,
    @Inject(INGESTION_OPTIONS) private readonly options: IngestionOptions,
  ) {
    this.table = factory.table(TOPICS.feeds);
    this.ownership = new FeedOwnership(factory.kafka, `${factory.options.clientId}-ingestion-feed-poller`);
    this.poller = new FeedPoller<Feed>({
      // only the instance that holds the feeds partition polls on schedule
      list: () => (this.ownership.isOwner ? this.table.values() : []),
      save: (feed, previous) => this.saveState(feed, previous),
      fetch: (url, validators) =>
        safeGet(url, { ...validators, allowedHosts: this.options.feedsAllowedHosts }),
      publish: (items) => this.publishItems(items),
      concurrency: options.feedsConcurrency,
      onResult: (r) => {
        this.metrics.inc('watchfire_feed_polls_total', 'Feed polls by outcome', {
          outcome: r.outcome.kind === 'error' ? r.outcome.code : r.outcome.kind,
        });
        if (r.outcome.kind === 'error')
          this.logger.warn(`feed ${r.feed.id} (${r.feed.url}): ${r.feed.lastError}`);
      },
      onError: (feed, e) => this.logger.error(`feed ${feed.id}: ${e.message}`),
    });
    metrics.collect('watchfire_feeds', 'Registered feeds', 'gauge', () => [{ value: this.table.size }]);
    metrics.collect('watchfire_feeds_failing', 'Feeds whose last poll failed', 'gauge', () => [
      { value: [...this.table.values()].filter((f) => (f.consecutiveFailures ?? 0) > 0).length },
    ]);
  }

  async onModuleInit(): Promise<void> {
    await this.table.start();
    if (this.options.feedsPolling) {
      await this.ownership.start();
      this.poller.start(this.options.feedsTickMs);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
    await this.ownership.stop();
    await this.table.stop();
  }

  /** Whether this instance polls the feeds on schedule (holds the feeds partition). */
  get pollsOnSchedule(): boolean {
    return this.ownership.isOwner;
  }

  list(): FeedView[] {
    return [...this.table.values()]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((f) => this.view(f));
  }

  get(id: string): FeedView {
    const f = this.table.get(id);
    if (!f) throw ApiError.notFound(`feed ${id}`);
    return this.view(f);
  }

  async create(req: FeedRequest, operator: string): Promise<FeedView> {
    let url: URL;
    try {
      url = checkFeedUrl(req.url);
      // refuse at registration what the poller would refuse anyway, with the reason
      await resolveSafely(url, this.options.feedsAllowedHosts, defaultResolver);
    } catch (e) {
      if (e instanceof FeedError)
        throw new ApiError(400, 'validation_failed', `Invalid feed: url: ${e.message}`, [
          { path: 'url', message: e.message },
        ]);
      throw e;
    }
    const id = feedIdOf(url.toString());
    const existing = this.table.get(id);
    if (existing) throw ApiError.conflict(`feed ${id} already polls ${existing.url}`, { id });
    const feed: Feed = {
      id,
      url: url.toString(),
      source: req.source ?? url.hostname,
      intervalSeconds: req.intervalSeconds ?? SCHEDULE.defaultIntervalSeconds,
      createdAt: new Date().toISOString(),
      createdBy: operator,
      lastStatus: 'registered: first poll pending',
      consecutiveFailures: 0,
    };
    await this.publisher.publishOne(TOPICS.feeds, id, feed);
    this.table.applyLocal(id, feed);
    this.logger.log(`feed ${id} registered by ${operator}: ${feed.url}`);
    // the first poll starts now rather than at the next tick
    if (this.options.feedsPolling) void this.poller.pollNow(feed);
    return this.view(feed);
  }

  async remove(id: string): Promise<void> {
    if (!this.table.get(id)) throw ApiError.notFound(`feed ${id}`);
    await this.publisher.publishOne(TOPICS.feeds, id, null);
    this.table.applyLocal(id, null);
    this.poller.forget(id);
  }

  /** POST /feeds/:id/poll: poll now, whatever the schedule, and answer with the new status. */
  async pollNow(id: string): Promise<FeedView> {
    const f = this.table.get(id);
    if (!f) throw ApiError.notFound(`feed ${id}`);
    await this.poller.pollNow(f);
    return this.get(id);
  }

  private view(f: Feed): FeedView {
    return {
      id: f.id,
      url: f.url,
      source: f.source,
      intervalSeconds: f.intervalSeconds,
      createdAt: f.createdAt,
      createdBy: f.createdBy,
      ...(f.lastPolledAt ? { lastPolledAt: f.lastPolledAt } : {}),
      lastStatus: f.lastStatus ?? 'registered: first poll pending',
      ...(f.lastError ? { lastError: f.lastError } : {}),
      consecutiveFailures: f.consecutiveFailures ?? 0,
      nextPollAt: this.poller.nextPollAt(f).toISOString(),
      polling: this.poller.isPolling(f.id),
      seenItems: f.seenItems?.length ?? 0,
    };
  }

  /** Writes the poll state unless the feed was deleted or re-registered while it was being polled. */
  private async saveState(feed: Feed, previous: Feed): Promise<void> {
    const current = this.table.get(feed.id);
    if (!current || current.createdAt !== previous.createdAt) return;
    const record = bounded(feed);
    const check = parseWith(FeedSchema, record);
    if (!check.ok) {
      this.logger.error(
        `feed ${feed.id}: poll state does not fit the contract: ${check.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      );
      return;
    }
    await this.publisher.publishOne(TOPICS.feeds, feed.id, record);
    this.table.applyLocal(feed.id, record);
  }

  /** Feed items go through the same validation and normalisation as POST /reports; an unusable item is skipped, not fatal. */
  private async publishItems(items: FeedReport[]): Promise<void> {
    const good: NormalisedReport[] = [];
    for (const { feedId, ...item } of items) {
      const r = parseWith(ReportRequestSchema, item);
      const n = r.ok ? normaliseReport(r.value, feedId) : r.errors;
      if (Array.isArray(n)) {
        this.logger.warn(
          `feed ${feedId}: item skipped: ${n.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        );
        continue;
      }
      good.push(n);
    }
    const results = await this.reports.accept(good);
    this.metrics.inc(
      'watchfire_feed_items_published_total',
      'Feed items published as reports',
      {},
      results.filter((r) => !r.duplicate).length,
    );
  }
}
