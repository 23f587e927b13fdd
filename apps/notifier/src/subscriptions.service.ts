import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TOPICS, type SubscriptionRecord, type SubscriptionSpec } from '@watchfire/contracts';
import { ApiError, MetricsRegistry } from '@watchfire/common';
import { type CompactedTable, KafkaFactory, KafkaPublisher } from '@watchfire/kafka';
import { canonicalTimeZone, SubscriptionIndex, type AlertFacts } from '@watchfire/notify';
import type { Alert } from '@watchfire/contracts';

/**
 * Subscriptions live in the compacted topic watchfire.subscriptions.v1; every instance
 * materialises them and keeps an index of the active ones for matching alerts.
 */
@Injectable()
export class SubscriptionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('subscriptions');
  readonly table: CompactedTable<typeof TOPICS.subscriptions>;
  private readonly index = new SubscriptionIndex<SubscriptionRecord>();

  constructor(
    factory: KafkaFactory,
    private readonly publisher: KafkaPublisher,
    metrics: MetricsRegistry,
  ) {
    this.table = factory.table(TOPICS.subscriptions, (id, value) => {
      if (value && value.status === 'active') this.index.upsert(value);
      else this.index.remove(id);
    });
    metrics.collect(
      'watchfire_notifier_subscriptions',
      'Subscriptions by status',
      'gauge',
      () => {
        const counts: Record<string, number> = { active: 0, pending: 0, paused: 0, unsubscribed: 0 };
        for (const s of this.table.values()) counts[s.status] = (counts[s.status] ?? 0) + 1;
        return Object.entries(counts).map(([status, value]) => ({ labels: { status }, value }));
      },
      ['status'],
    );
  }

  onModuleInit(): Promise<void> {
    return this.table.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.table.stop();
  }

  /** Active subscriptions whose filter matches the alert. */
  match(alert: Alert | AlertFacts): SubscriptionRecord[] {
    return this.index.match(alert);
  }

  list(q: { email?: string; status?: string } = {}): SubscriptionRecord[] {
    const email = q.email?.trim().toLowerCase();
    return [...this.table.values()]
      .filter((s) => (!email || s.email.toLowerCase() === email) && (!q.status || s.status === q.status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  find(id: string): SubscriptionRecord | undefined {
    return this.table.get(id);
  }

  get(id: string): SubscriptionRecord {
    const s = this.table.get(id);
    if (!s) throw ApiError.notFound(`subscription ${id}`);
    return s;
  }

  async create(spec: SubscriptionSpec, status: 'active' | 'pending'): Promise<SubscriptionRecord> {
    const now = new Date().toISOString();
    const record: SubscriptionRecord = {
      id: `s-${randomUUID()}`,
      ...normalize(spec),
      status,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...(status === 'active' ? { confirmedAt: now } : {}),
    };
    await this.write(record);
    return record;
  }

  async replace(id: string, spec: SubscriptionSpec): Promise<SubscriptionRecord> {
    const cur = this.get(id);
    const { confirmedAt, unsubscribedAt } = cur;
    const record: SubscriptionRecord = {
      id,
      ...normalize(spec),
      status: cur.status,
      version: cur.version + 1,
      createdAt: cur.createdAt,
      updatedAt: new Date().toISOString(),
      ...(confirmedAt ? { confirmedAt } : {}),
      ...(unsubscribedAt ? { unsubscribedAt } : {}),
    };
    await this.write(record);
    return record;
  }

  async setStatus(id: string, status: 'active' | 'paused' | 'unsubscribed'): Promise<SubscriptionRecord> {
    const cur = this.get(id);
    if (cur.status === status) return cur;
    const now = new Date().toISOString();
    const record: SubscriptionRecord = {
      ...cur,
      status,
      version: cur.version + 1,
      updatedAt: now,
      ...(status === 'active'
        ? { confirmedAt: cur.confirmedAt ?? now }
        : status === 'unsubscribed'
          ? { unsubscribedAt: now }
          : {}),
    };
    await this.write(record);
    this.logger.log(`${id} ${status}`);
    return record;
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    await this.publisher.publishOne(TOPICS.subscriptions, id, null);
    this.table.applyLocal(id, null);
  }

  private async write(record: SubscriptionRecord): Promise<void> {
    await this.publisher.publishOne(TOPICS.subscriptions, record.id, record);
    this.table.applyLocal(record.id, record);
  }
}

/** A zone Intl does not know is a 400, not a mail with wrong times. */
function normalize(spec: SubscriptionSpec): SubscriptionSpec {
  if (spec.timezone === undefined) return spec;
  const zone = canonicalTimeZone(spec.timezone);
  if (!zone) {
    throw ApiError.validation(
      [
        {
          path: 'timezone',
          message: `unknown time zone ${JSON.stringify(spec.timezone.slice(0, 64))}; use an IANA name such as Asia/Kabul`,
        },
      ],
      'subscription',
    );
  }
  return { ...spec, timezone: zone };
}
