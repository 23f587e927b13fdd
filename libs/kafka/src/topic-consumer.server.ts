import { Logger } from '@nestjs/common';
import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { TOPIC_SCHEMAS, type TopicName } from '@watchfire/contracts';
import type { HealthRegistry, MetricsRegistry } from '@watchfire/common';
import { decodeValue, UndecodableMessageError } from './codec';
import type { DeadLetterPublisher } from './dlq';

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: string;
  headers: Record<string, string>;
}

/** What a handler gets with @Ctx(): where the message came from. */
export class TopicMessageContext extends BaseRpcContext<[MessageMeta]> {
  get meta(): MessageMeta {
    return this.getArgByIndex(0) as MessageMeta;
  }
}

export interface TopicConsumerOptions {
  kafka: Kafka;
  groupId: string;
  /** Only these @EventPattern topics are consumed by this server (default: every pattern of the app). */
  topics?: TopicName[];
  dlq: DeadLetterPublisher;
  health: HealthRegistry;
  metrics: MetricsRegistry;
  /** A new group starts at the beginning, so nothing published before the first start is missed. */
  fromBeginning?: boolean;
  /** Attempts per message before it goes to the DLQ as handler_failed. */
  maxAttempts?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Called with this member's partitions after each rebalance (for partition-local state). */
  onAssignment?: (assignment: Record<string, number[]>) => Promise<void> | void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A NestJS transport strategy over kafkajs: handlers are ordinary `@EventPattern(topic)` methods,
 * and this server gives them validated values with at-least-once semantics. An offset is committed
 * only after the handler's promise resolved (its writes acknowledged); a value that is not JSON or
 * fails the topic schema, or a handler that keeps failing, goes to the DLQ with the reason and the
 * partition moves on. Nest's built-in Kafka transport does not validate, has no DLQ, and hides the
 * rebalance events partition-local state needs — hence this strategy.
 */
export class TopicConsumerServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private connected = false;
  private readonly log: Logger;
  /**
   * The latest onAssignment work (e.g. restoring partition state from a changelog). kafkajs does not
   * await event listeners, so every message waits for it here: nothing is handled against state
   * that is still being restored.
   */
  private assignmentReady: Promise<void> = Promise.resolve();

  constructor(private readonly opts: TopicConsumerOptions) {
    super();
    this.log = new Logger(`consumer:${opts.groupId}`);
    opts.health.register(`kafka.consumer.${opts.groupId}`, () => ({
      ok: this.connected,
      detail: this.connected ? 'connected' : 'not connected',
    }));
  }

  on(): never {
    throw new Error('TopicConsumerServer has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (e) {
      callback(e);
    }
  }

  private handledTopics(): TopicName[] {
    const patterns = [...this.messageHandlers.keys()].filter((p) => p in TOPIC_SCHEMAS) as TopicName[];
    return this.opts.topics ? patterns.filter((t) => this.opts.topics!.includes(t)) : patterns;
  }

  private async start(): Promise<void> {
    const topics = this.handledTopics();
    if (topics.length === 0)
      throw new Error(`consumer group ${this.opts.groupId} has no @EventPattern handlers for its topics`);
    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.opts.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
      retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CONNECT, () => (this.connected = true));
    consumer.on(consumer.events.DISCONNECT, () => (this.connected = false));
    consumer.on(consumer.events.CRASH, (e) => {
      this.connected = false;
      this.log.error(
        `consumer crashed: ${e.payload.error.message}${e.payload.restart ? ' (restarting)' : ''}`,
      );
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.connected = true;
      const assignment = e.payload.memberAssignment as Record<string, number[]>;
      this.log.log(
        `joined generation as ${e.payload.isLeader ? 'leader' : 'member'}: ${
          Object.entries(assignment)
            .map(([t, p]) => `${t}[${p.join(',')}]`)
            .join(' ') || 'no partitions'
        }`,
      );
      const hook = this.opts.onAssignment;
      if (hook) {
        this.assignmentReady = this.assignmentReady
          .then(() => hook(assignment))
          .catch((e: Error) => this.log.error(`restoring state for the new assignment failed: ${e.message}`));
      }
    });
    // Lag after each fetched batch: the broker's high watermark minus the next offset to handle.
    // kafkajs reports it per batch, so this costs nothing per message.
    const lag = this.opts.metrics.gauge(
      'watchfire_kafka_consumer_lag',
      'Messages behind the high watermark per consumer group and partition (after the latest batch)',
      ['group', 'topic', 'partition'],
    );
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      const p = e.payload;
      lag.set(
        { group: this.opts.groupId, topic: p.topic, partition: String(p.partition) },
        Number(p.offsetLag),
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.process(payload),
    });
  }

  /** Resolves only when the message is handled or dead-lettered; kafkajs then marks the offset. */
  private async process({ topic, partition, message }: EachMessagePayload): Promise<void> {
    await this.assignmentReady;
    const meta: MessageMeta = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
      timestamp: message.timestamp,
      headers: Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.map(String).join(',') : String(v ?? ''),
        ]),
      ),
    };
    const failed = (reason: string, error: string) =>
      this.opts.dlq.send({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        reason,
        error,
      });

    if (message.value === null) return; // tombstones carry no work for event consumers
    let value: unknown;
    try {
      value = decodeValue(topic as TopicName, message.value);
    } catch (e) {
      await failed(e instanceof UndecodableMessageError ? e.reason : 'undecodable', (e as Error).message);
      return;
    }
    const handler = this.getHandlerByPattern(topic);
    if (!handler) return;
    const attempts = this.opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const result: unknown = await handler(value, new TopicMessageContext([meta]));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        this.opts.metrics.inc('watchfire_messages_consumed_total', 'Messages handled', {
          topic,
          group: this.opts.groupId,
        });
        return;
      } catch (e) {
        const msg = e instanceof Error ? e.message : JSON.stringify(e);
        if (attempt >= attempts) {
          await failed('handler_failed', `${attempts} attempts; last error: ${msg}`);
          return;
        }
        this.log.warn(
          `${topic}@${partition}:${message.offset} attempt ${attempt}/${attempts} failed: ${msg}`,
        );
        await sleep(Math.min(200 * 2 ** (attempt - 1), 3_000));
      }
    }
  }

  /** Stops fetching, lets in-flight handlers finish, commits, and leaves the group. */
  async close(): Promise<void> {
    const c = this.consumer;
    this.consumer = null;
    if (c) await c.disconnect().catch((e: Error) => this.log.warn(`disconnect: ${e.message}`));
    this.connected = false;
  }
}
