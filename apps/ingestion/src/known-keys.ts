import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';

/**
 * The keys of a topic, read from the beginning and then followed live — without decoding the
 * values. De-duplication needs only the report ids (the keys); decoding and validating every
 * report the service itself publishes would double its per-report cost. Invalid values are the
 * rules service's to dead-letter when it consumes them. Like TopicFollower (libs/kafka), start()
 * resolves once everything that was in the topic at start has been read.
 */
export class KnownKeys {
  private readonly log = new Logger('known-keys');
  private consumer: Consumer | null = null;
  private caughtUp = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly service: string,
    private readonly onKey: (key: string) => void,
  ) {}

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(this.topic).finally(() => admin.disconnect());
    const pending = new Map<number, bigint>();
    for (const o of offsets) if (BigInt(o.high) > BigInt(o.low)) pending.set(o.partition, BigInt(o.high));
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const check = () => {
      if (pending.size === 0 && !this.caughtUp) {
        this.caughtUp = true;
        resolveDone();
      }
    };
    const consumer = this.kafka.consumer({
      groupId: `${this.service}.keys.${this.topic}.${randomUUID()}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.key) this.onKey(message.key.toString('utf8'));
        const high = pending.get(partition);
        if (high !== undefined && BigInt(message.offset) + 1n >= high) {
          pending.delete(partition);
          check();
        }
      },
    });
    check();
    await done;
  }

  async stop(): Promise<void> {
    const c = this.consumer;
    this.consumer = null;
    this.caughtUp = false;
    if (c) await c.disconnect().catch((e: Error) => this.log.warn(`disconnect: ${e.message}`));
  }
}
