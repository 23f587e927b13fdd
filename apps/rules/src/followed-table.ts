import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { TopicName, TopicValue } from '@watchfire/contracts';
import { ApiError, type HealthRegistry } from '@watchfire/common';
import { decodeValue, type DeadLetterPublisher, UndecodableMessageError } from '@watchfire/kafka';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FollowedTableOptions<T extends TopicName> {
  kafka: Kafka;
  topic: T;
  service: string;
  dlq: DeadLetterPublisher;
  health?: HealthRegistry;
  onChange?: (key: string, value: TopicValue<T> | null, previous: TopicValue<T> | undefined) => void;
}

/**
 * The latest value per key of a compacted topic, like libs/kafka's CompactedTable, plus the offset
 * it has read per partition, so that a writer can first catch up with the topic (`catchUp()`):
 * a read-your-writes barrier across instances. Optimistic concurrency needs it — a version check
 * against a view that has not yet seen another instance's acknowledged write would let the stale
 * update through.
 */
export class FollowedTable<T extends TopicName> {
  private readonly rows = new Map<string, TopicValue<T>>();
  private readonly positions = new Map<number, bigint>();
  private consumer: Consumer | null = null;
  private admin: Admin | null = null;
  private ready = false;
  private readonly log: Logger;

  constructor(private readonly opts: FollowedTableOptions<T>) {
    this.log = new Logger(`table:${opts.topic}`);
    opts.health?.register(`table.${opts.topic}`, () => ({ ok: this.ready, detail: this.ready ? `${this.rows.size} rows` : 'loading' }));
  }

  get size(): number {
    return this.rows.size;
  }
  get isReady(): boolean {
    return this.ready;
  }
  get(key: string): TopicValue<T> | undefined {
    return this.rows.get(key);
  }
  values(): IterableIterator<TopicValue<T>> {
    return this.rows.values();
  }

  applyLocal(key: string, value: TopicValue<T> | null): void {
    this.apply(key, value);
  }

  private apply(key: string, value: TopicValue<T> | null): void {
    const prev = this.rows.get(key);
    if (value === null) this.rows.delete(key);
    else this.rows.set(key, value);
    this.opts.onChange?.(key, value, prev);
  }

  async start(): Promise<void> {
    const { kafka, topic, dlq } = this.opts;
    this.admin = kafka.admin();
    await this.admin.connect();
    const consumer = kafka.consumer({
      groupId: `${this.opts.service}.follow.${topic}.${randomUUID()}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        if (key === undefined) {
          await dlq.send({ topic, partition, offset: message.offset, key: null, value: message.value, reason: 'missing_key', error: 'records of this topic need a key' });
        } else if (message.value === null) {
          this.apply(key, null);
        } else {
          try {
            this.apply(key, decodeValue(topic, message.value));
          } catch (e) {
            await dlq.send({ topic, partition, offset: message.offset, key, value: message.value, reason: e instanceof UndecodableMessageError ? e.reason : 'undecodable', error: (e as Error).message });
          }
        }
        this.positions.set(partition, BigInt(message.offset) + 1n);
      },
    });
    await this.catchUp(120_000);
    this.ready = true;
    this.log.log(`loaded ${this.rows.size} rows`);
  }

  /** Resolves once everything written to the topic before this call has been applied here. */
  async catchUp(timeoutMs = 5_000): Promise<void> {
    const offsets = await this.admin!.fetchTopicOffsets(this.opts.topic);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const behind = offsets.filter((o) => BigInt(o.high) > BigInt(o.low) && (this.positions.get(o.partition) ?? 0n) < BigInt(o.high));
      if (behind.length === 0) return;
      if (Date.now() > until) throw new ApiError(503, 'unavailable', `${this.opts.topic} is not caught up on this instance; try again`);
      await sleep(10);
    }
  }

  async stop(): Promise<void> {
    this.ready = false;
    await this.consumer?.disconnect().catch((e: Error) => this.log.warn(`disconnect: ${e.message}`));
    await this.admin?.disconnect().catch(() => undefined);
    this.consumer = null;
  }
}
