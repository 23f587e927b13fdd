/**
 * An in-process stand-in for the subset of kafkajs that Watchfire uses (producers, consumer groups
 * with rebalancing and committed offsets, admin offsets/metadata), for developing the rules
 * service's Kafka logic without a broker. Opt-in with WATCHFIRE_FAKE_KAFKA=1; the tests run
 * against the embedded broker over TCP otherwise.
 */
import { EventEmitter } from 'node:events';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string | Buffer) => number;

interface StoredMessage {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  timestamp: string;
}

interface Topic {
  partitions: StoredMessage[][];
}

const toBuf = (v: unknown): Buffer | null => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Group {
  members: FakeConsumer[] = [];
  committed = new Map<string, number>();
  generation = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    private readonly cluster: FakeCluster,
  ) {}

  join(m: FakeConsumer): Promise<void> {
    this.members.push(m);
    return this.rebalance();
  }

  leave(m: FakeConsumer): Promise<void> {
    this.members = this.members.filter((x) => x !== m);
    return this.rebalance();
  }

  rebalance(): Promise<void> {
    this.pending = this.pending.then(async () => {
      this.generation++;
      for (const m of this.members) m.revokeAll();
      await Promise.all(this.members.map((m) => m.idle()));
      const topics = [...new Set(this.members.flatMap((m) => m.topics))].sort();
      const assignment = new Map<FakeConsumer, Record<string, number[]>>(this.members.map((m) => [m, {}]));
      for (const t of topics) {
        const subs = this.members.filter((m) => m.topics.includes(t));
        const n = this.cluster.topic(t).partitions.length;
        for (let p = 0; p < n; p++) {
          const m = subs[p % subs.length];
          if (!m) continue;
          (assignment.get(m)![t] ??= []).push(p);
        }
      }
      for (const [m, a] of assignment) m.assign(a, this.generation, m === this.members[0]);
    });
    return this.pending;
  }
}

class FakeConsumer {
  readonly events = { CONNECT: 'consumer.connect', DISCONNECT: 'consumer.disconnect', CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  private readonly emitter = new EventEmitter();
  topics: string[] = [];
  private fromBeginning = false;
  private assignment: Record<string, number[]> = {};
  private positions = new Map<string, number>();
  private running = false;
  private generation = -1;
  private inFlight = new Set<Promise<void>>();
  private group: Group;
  private each: ((p: unknown) => Promise<void>) | null = null;
  private autoCommit = true;

  constructor(
    private readonly cluster: FakeCluster,
    groupId: string,
  ) {
    this.group = cluster.group(groupId);
  }

  on(event: string, fn: (e: unknown) => void): () => void {
    this.emitter.on(event, fn);
    return () => this.emitter.off(event, fn);
  }

  async connect(): Promise<void> {
    this.emitter.emit(this.events.CONNECT, { type: this.events.CONNECT, payload: {} });
  }

  async subscribe(opts: { topic?: string; topics?: string[]; fromBeginning?: boolean }): Promise<void> {
    this.topics.push(...(opts.topics ?? [opts.topic!]));
    this.fromBeginning = !!opts.fromBeginning;
  }

  async run(opts: { autoCommit?: boolean; eachMessage: (p: unknown) => Promise<void>; partitionsConsumedConcurrently?: number }): Promise<void> {
    this.each = opts.eachMessage;
    this.autoCommit = opts.autoCommit !== false;
    this.running = true;
    await this.group.join(this);
    void this.loop();
  }

  revokeAll(): void {
    this.generation = -1;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  assign(a: Record<string, number[]>, generation: number, isLeader: boolean): void {
    this.assignment = a;
    this.positions.clear();
    for (const [t, ps] of Object.entries(a)) {
      for (const p of ps) {
        const committed = this.group.committed.get(`${t}/${p}`);
        this.positions.set(`${t}/${p}`, committed ?? (this.fromBeginning ? 0 : this.cluster.topic(t).partitions[p]!.length));
      }
    }
    this.generation = generation;
    this.emitter.emit(this.events.GROUP_JOIN, { type: this.events.GROUP_JOIN, payload: { memberAssignment: a, isLeader, groupId: this.group.id, memberId: 'm', leaderId: 'm', duration: 0, groupProtocol: 'RoundRobin' } });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const gen = this.generation;
      let worked = false;
      if (gen >= 0) {
        const work: Promise<void>[] = [];
        for (const [t, ps] of Object.entries(this.assignment)) {
          for (const p of ps) {
            const key = `${t}/${p}`;
            const log = this.cluster.topic(t).partitions[p]!;
            if ((this.positions.get(key) ?? 0) >= log.length) continue;
            worked = true;
            const job = (async () => {
              while (this.running && this.generation === gen && (this.positions.get(key) ?? 0) < log.length) {
                const m = log[this.positions.get(key)!]!;
                await this.each!({
                  topic: t,
                  partition: p,
                  message: { key: m.key, value: m.value, offset: String(m.offset), timestamp: m.timestamp, headers: m.headers, attributes: 0 },
                  heartbeat: async () => undefined,
                  pause: () => () => undefined,
                });
                if (this.generation !== gen) break;
                this.positions.set(key, m.offset + 1);
                if (this.autoCommit) this.group.committed.set(key, m.offset + 1);
              }
            })();
            this.inFlight.add(job);
            work.push(job.finally(() => this.inFlight.delete(job)));
          }
        }
        await Promise.all(work).catch((e: Error) => this.emitter.emit(this.events.CRASH, { payload: { error: e, restart: true } }));
      }
      if (!worked) await sleep(15);
    }
  }

  async disconnect(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.idle();
    await this.group.leave(this);
    this.emitter.emit(this.events.DISCONNECT, { type: this.events.DISCONNECT, payload: {} });
  }
}

class FakeProducer {
  readonly events = { CONNECT: 'producer.connect', DISCONNECT: 'producer.disconnect' };
  private readonly emitter = new EventEmitter();
  private rr = 0;
  constructor(private readonly cluster: FakeCluster) {}
  on(event: string, fn: (e: unknown) => void): () => void {
    this.emitter.on(event, fn);
    return () => this.emitter.off(event, fn);
  }
  async connect(): Promise<void> {
    this.emitter.emit(this.events.CONNECT, {});
  }
  async disconnect(): Promise<void> {
    this.emitter.emit(this.events.DISCONNECT, {});
  }
  async send(req: { topic: string; messages: { key?: string | Buffer | null; value: unknown; partition?: number; headers?: Record<string, unknown> }[] }) {
    const t = this.cluster.topic(req.topic);
    return req.messages.map((m) => {
      const key = toBuf(m.key);
      const p = m.partition ?? (key ? (murmur2(key) & 0x7fffffff) % t.partitions.length : this.rr++ % t.partitions.length);
      const log = t.partitions[p]!;
      const headers = Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, toBuf(v)!]));
      log.push({ offset: log.length, key, value: toBuf(m.value), headers, timestamp: String(Date.now()) });
      return { topicName: req.topic, partition: p, errorCode: 0, baseOffset: String(log.length - 1) };
    });
  }
}

class FakeAdmin {
  constructor(private readonly cluster: FakeCluster) {}
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async listTopics(): Promise<string[]> {
    return [...this.cluster.topics.keys()];
  }
  async createTopics(req: { topics: { topic: string; numPartitions?: number }[] }): Promise<boolean> {
    for (const t of req.topics) this.cluster.create(t.topic, t.numPartitions ?? 1);
    return true;
  }
  async fetchTopicOffsets(topic: string) {
    return this.cluster.topic(topic).partitions.map((log, partition) => ({ partition, offset: String(log.length), high: String(log.length), low: '0' }));
  }
  async fetchTopicMetadata(req: { topics: string[] }) {
    return { topics: req.topics.map((name) => ({ name, partitions: this.cluster.topic(name).partitions.map((_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 })) })) };
  }
}

export class FakeCluster {
  readonly topics = new Map<string, Topic>();
  private readonly groups = new Map<string, Group>();

  create(name: string, partitions: number): void {
    if (!this.topics.has(name)) this.topics.set(name, { partitions: Array.from({ length: partitions }, () => []) });
  }
  topic(name: string): Topic {
    const t = this.topics.get(name);
    if (!t) throw new Error(`fake kafka: unknown topic ${name}`);
    return t;
  }
  group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = new Group(id, this)));
    return g;
  }
  /** A kafkajs-shaped client. */
  client(): unknown {
    return {
      producer: () => new FakeProducer(this),
      consumer: (o: { groupId: string }) => new FakeConsumer(this, o.groupId),
      admin: () => new FakeAdmin(this),
    };
  }
}

const clusters = new Map<string, FakeCluster>();
/** The fake cluster behind a broker address of the form fake:<n>. */
export function fakeClusterFor(brokers: string[]): FakeCluster | null {
  const b = brokers[0];
  if (!b?.startsWith('fake:')) return null;
  let c = clusters.get(b);
  if (!c) clusters.set(b, (c = new FakeCluster()));
  return c;
}
