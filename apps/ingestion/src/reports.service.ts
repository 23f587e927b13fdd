import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@watchfire/contracts';
import { debugEnabled, MetricsRegistry } from '@watchfire/common';
import { KafkaFactory, KafkaPublisher, type TopicFollower } from '@watchfire/kafka';
import type { IngestionOptions } from './front-door';
import { RecentIds } from './recent-ids';
import { reportMessage, type NormalisedReport } from './report-input';
import { INGESTION_OPTIONS } from './tokens';

export interface Accepted {
  id: string;
  duplicate: boolean;
}

/**
 * Publishes reports once per content. The set of known report ids is rebuilt from the reports
 * topic at start and kept current from it, so de-duplication holds across restarts and across
 * instances; ids are content hashes, so even a race between two instances publishes the same id,
 * which the rules service treats idempotently.
 */
export const REPORTS_REJECTED = {
  name: 'watchfire_reports_rejected_total',
  help: 'Reports refused, by reason (validation_failed, payload_too_large, unsupported_media_type, rate_limited, unavailable)',
} as const;

@Injectable()
export class ReportsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReportsService.name);
  private readonly known: RecentIds;
  /** Reports being published: id -> settles when that publish has (or has not) been acknowledged. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly follower: TopicFollower<typeof TOPICS.reports>;

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly metrics: MetricsRegistry,
    factory: KafkaFactory,
    @Inject(INGESTION_OPTIONS) options: Pick<IngestionOptions, 'dedupIds'>,
  ) {
    this.known = new RecentIds(options.dedupIds);
    // Keys only: the ids are all de-duplication needs, and decoding every report would double its cost.
    this.follower = factory.keyFollower(TOPICS.reports, (key) => this.known.add(key));
    metrics.collect(
      'watchfire_ingestion_known_reports',
      'Distinct reports known to this instance (the newest INGESTION_DEDUP_IDS)',
      'gauge',
      () => [{ value: this.known.size }],
    );
    metrics.collect(
      'watchfire_ingestion_known_reports_evicted_total',
      'Report ids forgotten to stay within INGESTION_DEDUP_IDS',
      'counter',
      () => [{ value: this.known.evicted }],
    );
  }

  async onModuleInit(): Promise<void> {
    await this.follower.start();
    this.logger.log(`${this.known.size} reports already known`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /** Reports refused inside an accepted batch (the request itself is counted by the app's middleware). */
  rejected(count: number, reason = 'validation_failed'): void {
    if (count > 0) this.metrics.inc(REPORTS_REJECTED.name, REPORTS_REJECTED.help, { reason }, count);
  }

  /** Resolves after Kafka acknowledged every new report (acks=all). */
  async accept(reports: NormalisedReport[]): Promise<Accepted[]> {
    const results = new Array<Accepted>(reports.length);
    const fresh: NormalisedReport[] = [];
    const waits: Promise<void>[] = [];
    const waited: number[] = [];
    // Registered in inFlight before the send starts, so a concurrent batch with the same report
    // waits for this one's acknowledgement; a repeat inside this batch needs no wait of its own.
    let settle!: () => void;
    const sent = new Promise<void>((resolve) => (settle = resolve));
    for (let i = 0; i < reports.length; i++) {
      const id = reports[i].id;
      let duplicate = this.known.has(id);
      if (!duplicate) {
        const pending = this.inFlight.get(id);
        if (pending === undefined) {
          this.inFlight.set(id, sent);
          fresh.push(reports[i]);
        } else {
          duplicate = true;
          if (pending !== sent) {
            waits.push(pending);
            waited.push(i);
          }
        }
      }
      results[i] = { id, duplicate };
    }
    if (fresh.length) {
      const receivedAt = new Date().toISOString();
      try {
        await this.publisher.publish(
          TOPICS.reports,
          fresh.map((r) => ({ key: r.id, value: reportMessage(r, receivedAt) })),
          { validated: 'by-construction' },
        );
        for (const r of fresh) {
          this.known.add(r.id);
          if (debugEnabled())
            this.logger.debug({ msg: `${r.id}: published (${r.source})`, reportId: r.id, source: r.source });
        }
      } finally {
        for (const r of fresh) this.inFlight.delete(r.id);
        settle();
      }
    } else settle();
    await Promise.all(waits);
    // A concurrent publish of the same report failed: it is not a duplicate of anything stored,
    // so this request publishes it (or fails) itself rather than answering "duplicate".
    const lost = waited.filter((i) => !this.known.has(reports[i].id));
    this.metrics.inc('watchfire_reports_accepted_total', 'Reports published', {}, fresh.length);
    this.metrics.inc(
      'watchfire_reports_duplicate_total',
      'Reports refused as duplicates',
      {},
      results.length - fresh.length - lost.length,
    );
    if (lost.length) {
      const again = await this.accept(lost.map((i) => reports[i]));
      lost.forEach((i, k) => (results[i] = again[k]!));
    }
    return results;
  }
}
