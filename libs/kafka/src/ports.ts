/**
 * The two things most services need from Kafka, as narrow ports: write records (TopicWriter, bound
 * to KafkaPublisher) and keep a compacted topic as a table (TableSource, bound to KafkaFactory).
 * Abstract classes because NestJS injects by class; unit tests pass the in-memory versions from
 * `@watchfire/kafka/testing`, which type-check against these without casts.
 */
import type { IHeaders } from 'kafkajs';
import type { TopicName, TopicValue } from '@watchfire/contracts';
import type { OutgoingMessage } from './publisher';

/** The latest value per key of a compacted topic (CompactedTable is the Kafka-backed one). */
export interface Table<T extends TopicName> {
  readonly size: number;
  get(key: string): TopicValue<T> | undefined;
  values(): IterableIterator<TopicValue<T>>;
  entries(): IterableIterator<[string, TopicValue<T>]>;
  /** Applies a write this instance just made, so a read right after it sees it. */
  applyLocal(key: string, value: TopicValue<T> | null): void;
  start(): Promise<void>;
  /** Resolves once every change acknowledged so far (by any instance) has been applied here. */
  catchUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export type TableChange<T extends TopicName> = (
  key: string,
  value: TopicValue<T> | null,
  previous: TopicValue<T> | undefined,
) => void;

export abstract class TableSource {
  abstract table<T extends TopicName>(topic: T, onChange?: TableChange<T>): Table<T>;
  /** True when nothing was ever written to the topic (every partition's high watermark is 0). */
  abstract neverWritten(topic: TopicName): Promise<boolean>;
}

export abstract class TopicWriter {
  /** Resolves when every message is acknowledged by all in-sync replicas. */
  abstract publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void>;
  abstract publishOne<T extends TopicName>(
    topic: T,
    key: string,
    value: TopicValue<T> | null,
    headers?: IHeaders,
  ): Promise<void>;
}
