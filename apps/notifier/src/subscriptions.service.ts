import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TOPICS, type SubscriptionRecord, type SubscriptionSpec } from '@watchfire/contracts';
import { ApiError } from '@watchfire/common';
import { type CompactedTable, KafkaFactory, KafkaPublisher } from '@watchfire/kafka';

/** Subscriptions live in the compacted topic; this instance's view of it. */
@Injectable()
export class SubscriptionsService implements OnModuleInit, OnApplicationShutdown {
  readonly table: CompactedTable<typeof TOPICS.subscriptions>;

  constructor(
    factory: KafkaFactory,
    private readonly publisher: KafkaPublisher,
  ) {
    this.table = factory.table(TOPICS.subscriptions);
  }

  onModuleInit(): Promise<void> {
    return this.table.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.table.stop();
  }

  list(): SubscriptionRecord[] {
    return [...this.table.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): SubscriptionRecord {
    const s = this.table.get(id);
    if (!s) throw ApiError.notFound(`subscription ${id}`);
    return s;
  }

  async create(spec: SubscriptionSpec): Promise<SubscriptionRecord> {
    const now = new Date().toISOString();
    const record: SubscriptionRecord = { id: `s-${randomUUID()}`, ...spec, status: 'active', version: 1, createdAt: now, updatedAt: now, confirmedAt: now };
    await this.publisher.publishOne(TOPICS.subscriptions, record.id, record);
    this.table.applyLocal(record.id, record);
    return record;
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    await this.publisher.publishOne(TOPICS.subscriptions, id, null);
    this.table.applyLocal(id, null);
  }
}
