// Test-only, in-memory implementations of the Kafka ports (../ports.ts), for unit tests of the
// services written against them. Never exported from the production index.
import type { TopicName, TopicValue } from '@watchfire/contracts';
import type { OutgoingMessage } from '../publisher';
import { type Table, type TableChange, TableSource, TopicWriter } from '../ports';

/** A table in memory: applyLocal is the only way rows change, as a single instance would see it. */
export function memoryTable<T extends TopicName>(onChange?: TableChange<T>): Table<T> {
  const rows = new Map<string, TopicValue<T>>();
  return {
    get size() {
      return rows.size;
    },
    get: (k) => rows.get(k),
    values: () => rows.values(),
    entries: () => rows.entries(),
    applyLocal: (k, v) => {
      const prev = rows.get(k);
      if (v === null) rows.delete(k);
      else rows.set(k, v);
      onChange?.(k, v, prev);
    },
    start: () => Promise.resolve(),
    catchUp: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

/** Tables in memory, one per topic; `written` topics count as written to before (neverWritten). */
export class MemoryTables extends TableSource {
  readonly tables = new Map<TopicName, { readonly size: number }>();
  readonly written = new Set<TopicName>();
  table<T extends TopicName>(topic: T, onChange?: TableChange<T>): Table<T> {
    const t = memoryTable<T>(onChange);
    this.tables.set(topic, t);
    return t;
  }
  neverWritten(topic: TopicName): Promise<boolean> {
    return Promise.resolve(!this.written.has(topic) && (this.tables.get(topic)?.size ?? 0) === 0);
  }
}

/** Records what would have been published, in order. */
export class RecordingWriter extends TopicWriter {
  readonly sent: { topic: TopicName; key: string; value: unknown }[] = [];
  publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    for (const m of messages) this.sent.push({ topic, key: m.key, value: m.value });
    return Promise.resolve();
  }
  publishOne<T extends TopicName>(topic: T, key: string, value: TopicValue<T> | null): Promise<void> {
    return this.publish(topic, [{ key, value }]);
  }
}
