import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type Report } from '@watchfire/contracts';
import { MetricsRegistry } from '@watchfire/common';
import { KafkaFactory, KafkaPublisher, type TopicFollower } from '@watchfire/kafka';
import type { NormalisedReport } from './report-input';

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
@Injectable()
export class ReportsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReportsService.name);
  private readonly known = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly follower: TopicFollower<typeof TOPICS.reports>;

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly metrics: MetricsRegistry,
    factory: KafkaFactory,
  ) {
    // Keys only: the ids are all de-duplication needs, and decoding every report would double its cost.
    this.follower = factory.keyFollower(TOPICS.reports, (key) => this.known.add(key));
    metrics.collect('watchfire_ingestion_known_reports', 'Distinct reports known to this instance', 'gauge', () => [{ value: this.known.size }]);
  }

  async onModuleInit(): Promise<void> {
    await this.follower.start();
    this.logger.log(`${this.known.size} reports already known`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  /** Resolves after Kafka acknowledged every new report (acks=all). */
  async accept(reports: NormalisedReport[]): Promise<Accepted[]> {
    const results: Accepted[] = [];
    const fresh: NormalisedReport[] = [];
    const waits: Promise<void>[] = [];
    const batchIds = new Set<string>();
    for (const r of reports) {
      const pending = this.inFlight.get(r.id);
      if (this.known.has(r.id) || batchIds.has(r.id) || pending) {
        if (pending) waits.push(pending.catch(() => undefined));
        results.push({ id: r.id, duplicate: true });
      } else {
        batchIds.add(r.id);
        fresh.push(r);
        results.push({ id: r.id, duplicate: false });
      }
    }
    if (fresh.length) {
      const receivedAt = new Date().toISOString();
      const send = this.publisher.publish(
        TOPICS.reports,
        fresh.map((r) => ({ key: r.id, value: toMessage(r, receivedAt) })),
      );
      for (const r of fresh) this.inFlight.set(r.id, send);
      try {
        await send;
        for (const r of fresh) this.known.add(r.id);
      } finally {
        for (const r of fresh) this.inFlight.delete(r.id);
      }
    }
    await Promise.all(waits);
    this.metrics.inc('watchfire_reports_accepted_total', 'Reports published', {}, fresh.length);
    this.metrics.inc('watchfire_reports_duplicate_total', 'Reports refused as duplicates', {}, results.length - fresh.length);
    return results;
  }
}

function toMessage(r: NormalisedReport, receivedAt: string): Report {
  const { id, contentHash, source, body, title, url, publishedAt, language, feedId } = r;
  return {
    id, contentHash, source, body, receivedAt,
    ...(title ? { title } : {}), ...(url ? { url } : {}), ...(publishedAt ? { publishedAt } : {}), ...(language ? { language } : {}), ...(feedId ? { feedId } : {}),
  };
}
