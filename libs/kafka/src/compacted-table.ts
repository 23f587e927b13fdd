import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { TopicName, TopicValue } from '@watchfire/contracts';
import type { HealthRegistry } from '@watchfire/common';
import type { DeadLetterPublisher } from './dlq';
import type { Table } from './ports';
import { TopicFollower } from './topic-follower';

export interface CompactedTableOptions<T extends TopicName> {
  kafka: Kafka;
  topic: T;
  service: string;
  dlq: DeadLetterPublisher;
  health?: HealthRegistry;
  /** Called for every change, during the initial load and live afterwards. */
  onChange?: (key: string, value: TopicValue<T> | null, previous: TopicValue<T> | undefined) => void;
}

/**
 * The latest value per key of a compacted topic, in memory — the way Kafka Connect and Schema
 * Registry keep their configuration. A change written through any instance reaches all of them
 * within a poll.
 */
export class CompactedTable<T extends TopicName> implements Table<T> {
  private readonly rows = new Map<string, TopicValue<T>>();
  private readonly follower: TopicFollower<T>;
  private readonly log: Logger;

  constructor(private readonly opts: CompactedTableOptions<T>) {
    this.log = new Logger(`table:${opts.topic}`);
    this.follower = new TopicFollower({ ...opts, onRecord: (k, v) => this.apply(k, v) });
    opts.health?.register(`table.${opts.topic}`, () => ({
      ok: this.isReady,
      detail: this.isReady ? `${this.rows.size} rows` : 'loading',
    }));
  }

  get size(): number {
    return this.rows.size;
  }
  get isReady(): boolean {
    return this.follower.isCaughtUp;
  }
  get(key: string): TopicValue<T> | undefined {
    return this.rows.get(key);
  }
  values(): IterableIterator<TopicValue<T>> {
    return this.rows.values();
  }
  entries(): IterableIterator<[string, TopicValue<T>]> {
    return this.rows.entries();
  }

  /** Applies a write this instance just made, so a read right after it sees it (the echo from the topic is idempotent). */
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
    await this.follower.start();
    this.log.log(`loaded ${this.rows.size} rows`);
  }

  /** See TopicFollower.catchUp: read-your-writes across instances. */
  catchUp(timeoutMs?: number): Promise<void> {
    return this.follower.catchUp(timeoutMs);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }
}
