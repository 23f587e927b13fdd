import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { TopicName, TopicValue } from '@watchfire/contracts';
import { decodeValue, UndecodableMessageError } from './codec';
import type { DeadLetterPublisher } from './dlq';

export interface TopicFollowerOptions<T extends TopicName> {
  kafka: Kafka;
  topic: T;
  /** Used in the (per-instance, never committed) consumer group id. */
  service: string;
  dlq: DeadLetterPublisher;
  /** Every valid record, in partition order; value null = tombstone. */
  onRecord?: (key: string, value: TopicValue<T> | null) => void;
  /**
   * Keys only: values are neither decoded nor validated (e.g. de-duplication by id, where
   * decoding every report the service itself published would double its cost). Records without
   * a key still go to the DLQ.
   */
  onKey?: (key: string) => void;
}

/**
 * Reads a whole topic from the beginning in its own consumer group (one per instance, nothing
 * committed) and then follows it live. start() resolves once everything that was in the topic at
 * start has been read — the basis of every in-memory view of Kafka state.
 */
/** catchUp() gave up: the topic has records this instance has not read yet. */
export class CatchUpTimeoutError extends Error {}

export class TopicFollower<T extends TopicName> {
  private consumer: Consumer | null = null;
  private admin: Admin | null = null;
  private caughtUp = false;
  /** Per partition, the offset after the last record applied. */
  private readonly positions = new Map<number, bigint>();
  private readonly log: Logger;

  constructor(private readonly opts: TopicFollowerOptions<T>) {
    this.log = new Logger(`follow:${opts.topic}`);
  }

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  async start(): Promise<void> {
    const { kafka, topic, dlq } = this.opts;
    const consumer = kafka.consumer({
      groupId: `${this.opts.service}.follow.${topic}.${randomUUID()}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // eachBatch, not eachMessage: one callback per fetched batch, a plain loop inside. Followers
    // read every record of their topic (ingestion follows all reports), so per-message promises
    // and bookkeeping were a visible share of the service's CPU.
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const { partition } = batch;
        for (const message of batch.messages) {
          const dead = (reason: string, error: string) =>
            dlq.send({
              topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              reason,
              error,
            });
          const key = message.key?.toString('utf8');
          if (key === undefined) await dead('missing_key', 'records of this topic need a key');
          else if (this.opts.onKey) this.opts.onKey(key);
          else if (message.value === null) this.opts.onRecord?.(key, null);
          else {
            let value: TopicValue<T> | undefined;
            try {
              value = decodeValue(topic, message.value);
            } catch (e) {
              await dead(
                e instanceof UndecodableMessageError ? e.reason : 'undecodable',
                (e as Error).message,
              );
            }
            if (value !== undefined) this.opts.onRecord?.(key, value);
          }
        }
        if (batch.messages.length > 0) this.positions.set(partition, BigInt(batch.lastOffset()) + 1n);
      },
    });
    // Loaded = caught up with what the topic held at start; the admin client is not kept for that.
    await this.catchUp(Infinity);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
    this.caughtUp = true;
  }

  /**
   * Resolves once everything written to the topic before this call has been applied here (start()
   * waits for it too): a read-your-writes barrier across instances (a version check against a view that has not seen
   * another instance's acknowledged write would let a stale update through).
   */
  async catchUp(timeoutMs = 5_000): Promise<void> {
    if (!this.admin) {
      this.admin = this.opts.kafka.admin();
      await this.admin.connect();
    }
    const offsets = await this.admin.fetchTopicOffsets(this.opts.topic);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const behind = offsets.filter(
        (o) => BigInt(o.high) > BigInt(o.low) && (this.positions.get(o.partition) ?? 0n) < BigInt(o.high),
      );
      if (behind.length === 0) return;
      if (!this.consumer) throw new Error(`the follower of ${this.opts.topic} was stopped`);
      if (Date.now() > until)
        throw new CatchUpTimeoutError(
          `${this.opts.topic} is not caught up on this instance after ${timeoutMs} ms`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    const c = this.consumer;
    const a = this.admin;
    this.consumer = null;
    this.admin = null;
    this.caughtUp = false;
    if (c) await c.disconnect().catch((e: Error) => this.log.warn(`disconnect: ${e.message}`));
    if (a) await a.disconnect().catch(() => undefined);
  }
}
