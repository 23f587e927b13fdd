import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BatchError, splitBatches } from './batch';
import { ERR, Group } from './group';
import { PartitionLog } from './partition-log';
import { Reader, Writer } from './wire';

export interface BrokerConfig {
  nodeId: number;
  host: string;
  port: number;
  dataDir?: string;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  maxMessageBytes: number;
  retentionMs?: number;
  retentionBytes?: number;
  groupInitialRebalanceDelayMs: number;
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
}

interface Topic {
  name: string;
  configs: Record<string, string>;
  partitions: PartitionLog[];
}

interface ProducerState {
  epoch: number;
  /** Last few batches per partition: [baseSequence, lastSequence, baseOffset]. */
  partitions: Map<string, Array<{ first: number; last: number; offset: bigint }>>;
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/** The APIs and the one version of each that this broker speaks (non-flexible versions only). */
export const API = {
  Produce: { key: 0, version: 3 }, Fetch: { key: 1, version: 4 }, ListOffsets: { key: 2, version: 1 }, Metadata: { key: 3, version: 4 },
  OffsetCommit: { key: 8, version: 2 }, OffsetFetch: { key: 9, version: 2 }, FindCoordinator: { key: 10, version: 1 },
  JoinGroup: { key: 11, version: 2 }, Heartbeat: { key: 12, version: 1 }, LeaveGroup: { key: 13, version: 1 }, SyncGroup: { key: 14, version: 1 },
  DescribeGroups: { key: 15, version: 1 }, ListGroups: { key: 16, version: 1 }, ApiVersions: { key: 18, version: 2 },
  CreateTopics: { key: 19, version: 1 }, DeleteTopics: { key: 20, version: 1 }, InitProducerId: { key: 22, version: 0 },
  DescribeConfigs: { key: 32, version: 0 }, CreatePartitions: { key: 37, version: 0 },
} as const;
export const API_NAMES = new Map<number, string>(Object.entries(API).map(([name, a]) => [a.key, name]));
const API_BY_KEY = new Map<number, { key: number; version: number }>(Object.values(API).map((a) => [a.key, a]));

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  clientHost: string;
}

export class Broker {
  readonly topics = new Map<string, Topic>();
  readonly groups = new Map<string, Group>();
  /** group -> "topic\0partition" -> committed offset */
  readonly offsets = new Map<string, Map<string, { offset: bigint; metadata: string | null }>>();
  private readonly producers = new Map<bigint, ProducerState>();
  private nextProducerId = 1000n;
  private readonly waiters = new Set<() => void>();
  private offsetsDirty = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(readonly config: BrokerConfig) {
    if (config.dataDir) this.load(config.dataDir);
    this.timers.push(setInterval(() => this.tick(), 250));
  }

  // ---------- persistence ----------
  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const meta = path.join(dir, 'topics.json');
    if (existsSync(meta)) {
      const topics = JSON.parse(readFileSync(meta, 'utf8')) as Array<{ name: string; partitions: number; configs: Record<string, string> }>;
      for (const t of topics) this.addTopic(t.name, t.partitions, t.configs);
    }
    const offs = path.join(dir, 'offsets.json');
    if (existsSync(offs)) {
      const data = JSON.parse(readFileSync(offs, 'utf8')) as Record<string, Record<string, { offset: string; metadata: string | null }>>;
      for (const [g, parts] of Object.entries(data)) {
        this.offsets.set(g, new Map(Object.entries(parts).map(([k, v]) => [k, { offset: BigInt(v.offset), metadata: v.metadata }])));
      }
    }
    const pid = path.join(dir, 'producer-id');
    if (existsSync(pid)) this.nextProducerId = BigInt(readFileSync(pid, 'utf8').trim()) + 1000n;
  }

  private writeAtomic(file: string, text: string): void {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }

  private saveTopics(): void {
    if (!this.config.dataDir) return;
    const list = [...this.topics.values()].map((t) => ({ name: t.name, partitions: t.partitions.length, configs: t.configs }));
    this.writeAtomic(path.join(this.config.dataDir, 'topics.json'), JSON.stringify(list, null, 1));
  }

  private saveOffsets(): void {
    if (!this.config.dataDir || !this.offsetsDirty) return;
    this.offsetsDirty = false;
    const data: Record<string, Record<string, { offset: string; metadata: string | null }>> = {};
    for (const [g, parts] of this.offsets) data[g] = Object.fromEntries([...parts].map(([k, v]) => [k, { offset: v.offset.toString(), metadata: v.metadata }]));
    this.writeAtomic(path.join(this.config.dataDir, 'offsets.json'), JSON.stringify(data));
  }

  private partitionFile(topic: string, p: number): string | null {
    return this.config.dataDir ? path.join(this.config.dataDir, 'logs', `${topic}-${p}`, '00000000000000000000.log') : null;
  }

  private addTopic(name: string, partitions: number, configs: Record<string, string>): Topic {
    const t: Topic = { name, configs, partitions: [] };
    for (let p = 0; p < partitions; p++) t.partitions.push(new PartitionLog(this.partitionFile(name, p)));
    this.topics.set(name, t);
    return t;
  }

  createTopic(name: string, partitions: number, configs: Record<string, string> = {}): number {
    if (!LEGAL_TOPIC.test(name) || name === '.' || name === '..') return ERR.INVALID_TOPIC;
    if (this.topics.has(name)) return ERR.TOPIC_ALREADY_EXISTS;
    if (partitions < 1 || partitions > 10_000) return ERR.INVALID_PARTITIONS;
    this.addTopic(name, partitions, configs);
    this.saveTopics();
    return ERR.NONE;
  }

  private tick(): void {
    const now = Date.now();
    for (const g of this.groups.values()) g.expire(now);
    this.saveOffsets();
    for (const t of this.topics.values()) for (const p of t.partitions) p.flush();
    if (this.config.retentionBytes !== undefined || this.config.retentionMs !== undefined) {
      const minTs = this.config.retentionMs !== undefined ? BigInt(now - this.config.retentionMs) : undefined;
      for (const t of this.topics.values()) for (const p of t.partitions) p.retain(this.config.retentionBytes, minTs);
    }
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    for (const g of this.groups.values()) g.close();
    this.offsetsDirty = true;
    this.saveOffsets();
    for (const t of this.topics.values()) for (const p of t.partitions) p.close();
    for (const w of this.waiters) w();
  }

  private group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = new Group(id, this.config.groupInitialRebalanceDelayMs)));
    return g;
  }

  // ---------- dispatch ----------
  /** Returns the response body (without correlation id), or null when no response is due (acks=0). */
  async handle(h: RequestHeader, r: Reader): Promise<Writer | null> {
    const api = API_BY_KEY.get(h.apiKey);
    if (h.apiKey === API.ApiVersions.key) return this.apiVersions(h);
    if (!api || h.apiVersion !== api.version) throw new UnsupportedRequest(h);
    switch (h.apiKey) {
      case API.Metadata.key: return this.metadata(r);
      case API.Produce.key: return this.produce(r);
      case API.Fetch.key: return this.fetch(r);
      case API.ListOffsets.key: return this.listOffsets(r);
      case API.FindCoordinator.key: return this.findCoordinator(r);
      case API.JoinGroup.key: return this.joinGroup(r, h);
      case API.SyncGroup.key: return this.syncGroup(r);
      case API.Heartbeat.key: return this.heartbeat(r);
      case API.LeaveGroup.key: return this.leaveGroup(r);
      case API.OffsetCommit.key: return this.offsetCommit(r);
      case API.OffsetFetch.key: return this.offsetFetch(r);
      case API.DescribeGroups.key: return this.describeGroups(r);
      case API.ListGroups.key: return this.listGroups();
      case API.CreateTopics.key: return this.createTopics(r);
      case API.DeleteTopics.key: return this.deleteTopics(r);
      case API.CreatePartitions.key: return this.createPartitions(r);
      case API.DescribeConfigs.key: return this.describeConfigs(r);
      case API.InitProducerId.key: return this.initProducerId(r);
      default: throw new UnsupportedRequest(h);
    }
  }

  /** ApiVersions answers any version: an unsupported one gets error 35 in the v0 format, so the client can retry. */
  apiVersions(h: RequestHeader): Writer {
    const supported = h.apiVersion >= 0 && h.apiVersion <= API.ApiVersions.version;
    const w = new Writer().int16(supported ? ERR.NONE : ERR.UNSUPPORTED_VERSION);
    // The range starts at 0 because librdkafka enables features (e.g. the balanced consumer) only
    // when v0 is inside the range; both clients then pick the highest common version, which is ours.
    w.array([...API_BY_KEY.values()].sort((a, b) => a.key - b.key), (w, a) => w.int16(a.key).int16(0).int16(a.version));
    if (supported && h.apiVersion >= 1) w.int32(0);
    return w;
  }

  private metadata(r: Reader): Writer {
    const names = r.nullableArray((r) => r.string());
    const allowAuto = r.bool();
    const w = new Writer().int32(0);
    w.array([0], (w) => w.int32(this.config.nodeId).string(this.config.host).int32(this.config.port).string(null));
    w.string('watchfire-embedded').int32(this.config.nodeId);
    const list = names ?? [...this.topics.keys()];
    const topics = list.map((name) => {
      let t = this.topics.get(name);
      let error: number = ERR.NONE;
      if (!t) {
        if (allowAuto && this.config.autoCreateTopics) {
          error = this.createTopic(name, this.config.defaultPartitions);
          t = this.topics.get(name);
          // Kafka answers LEADER_NOT_AVAILABLE right after auto-creation; our leader is ready at once.
          if (error === ERR.NONE) error = ERR.NONE;
        } else error = ERR.UNKNOWN_TOPIC_OR_PARTITION;
      }
      return { name, error, t };
    });
    const node = this.config.nodeId;
    w.array(topics, (w, x) => {
      w.int16(x.error).string(x.name).bool(false);
      w.array(x.t ? x.t.partitions.map((_, i) => i) : [], (w, p) => w.int16(0).int32(p).int32(node).array([node], (w, n) => w.int32(n)).array([node], (w, n) => w.int32(n)));
    });
    return w;
  }

  private partition(topic: string, p: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[p];
  }

  private produce(r: Reader): Writer | null {
    r.nullableString(); // transactional id: transactions are not supported
    const acks = r.int16();
    r.int32(); // timeout
    const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ index: r.int32(), records: r.bytes() })) }));
    let appended = false;
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = this.partition(t.name, p.index);
        if (!log) return { index: p.index, error: ERR.UNKNOWN_TOPIC_OR_PARTITION, offset: -1n };
        if (!p.records || p.records.length === 0) return { index: p.index, error: ERR.CORRUPT_MESSAGE, offset: -1n };
        try {
          const batches = splitBatches(p.records);
          for (const b of batches) if (b.buf.length > this.config.maxMessageBytes) return { index: p.index, error: ERR.MESSAGE_TOO_LARGE, offset: -1n };
          let first = -1n;
          for (const b of batches) {
            const dup = this.checkSequence(b, `${t.name}\0${p.index}`, log.nextOffset);
            if (typeof dup === 'number') return { index: p.index, error: dup, offset: -1n };
            if (dup !== null) {
              if (first < 0n) first = dup;
              continue;
            }
            const stored = log.append(b.buf);
            appended = true;
            if (first < 0n) first = stored.baseOffset;
          }
          return { index: p.index, error: ERR.NONE, offset: first };
        } catch (e) {
          if (e instanceof BatchError) return { index: p.index, error: e.code, offset: -1n };
          throw e;
        }
      }),
    }));
    if (appended) this.wake();
    if (acks === 0) return null;
    const w = new Writer();
    w.array(results, (w, t) => w.string(t.name).array(t.partitions, (w, p) => w.int32(p.index).int16(p.error).int64(p.offset).int64(-1n)));
    return w.int32(0);
  }

  /**
   * Idempotent producers: a retried batch that was already written is acknowledged with its
   * original offset (returns it); a gap is OUT_OF_ORDER_SEQUENCE_NUMBER; null = append.
   */
  private checkSequence(b: { producerId: bigint; producerEpoch: number; baseSequence: number; lastOffsetDelta: number }, key: string, _next: bigint): bigint | number | null {
    if (b.producerId < 0n || b.baseSequence < 0) return null;
    let st = this.producers.get(b.producerId);
    if (!st) this.producers.set(b.producerId, (st = { epoch: b.producerEpoch, partitions: new Map() }));
    if (b.producerEpoch !== st.epoch) {
      if (b.producerEpoch < st.epoch) return ERR.INVALID_PRODUCER_EPOCH;
      st.epoch = b.producerEpoch;
      st.partitions.clear();
    }
    const recent = st.partitions.get(key) ?? [];
    const dup = recent.find((x) => x.first === b.baseSequence);
    if (dup) return dup.offset;
    const last = recent.length ? recent[recent.length - 1]!.last : -1;
    if (recent.length && b.baseSequence !== last + 1) return ERR.OUT_OF_ORDER_SEQUENCE_NUMBER;
    recent.push({ first: b.baseSequence, last: b.baseSequence + b.lastOffsetDelta, offset: _next });
    if (recent.length > 5) recent.shift();
    st.partitions.set(key, recent);
    return null;
  }

  private wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  private async fetch(r: Reader): Promise<Writer> {
    r.int32(); // replica id
    const maxWait = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8(); // isolation level
    const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ index: r.int32(), offset: r.int64(), max: r.int32() })) }));
    const deadline = Date.now() + Math.min(Math.max(maxWait, 0), 30_000);
    for (;;) {
      let total = 0;
      const result = topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const log = this.partition(t.name, p.index);
          if (!log) return { index: p.index, error: ERR.UNKNOWN_TOPIC_OR_PARTITION, hw: -1n, batches: [] as Buffer[] };
          if (p.offset < log.logStartOffset || p.offset > log.nextOffset) return { index: p.index, error: ERR.OFFSET_OUT_OF_RANGE, hw: log.nextOffset, batches: [] as Buffer[] };
          const budget = total > 0 ? Math.min(p.max, maxBytes - total) : p.max;
          const batches = budget > 0 || total === 0 ? log.read(p.offset, Math.max(budget, 1)) : [];
          for (const b of batches) total += b.length;
          return { index: p.index, error: ERR.NONE, hw: log.nextOffset, batches };
        }),
      }));
      if (total >= Math.max(minBytes, 1) || Date.now() >= deadline) {
        const w = new Writer().int32(0);
        w.array(result, (w, t) =>
          w.string(t.name).array(t.partitions, (w, p) => w.int32(p.index).int16(p.error).int64(p.hw).int64(p.hw).array(null, () => undefined).bytesList(p.batches)),
        );
        return w;
      }
      // Long poll: sleep until something is appended or the wait is over — no busy loop.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(deadline - Date.now(), 0));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  private listOffsets(r: Reader): Writer {
    r.int32();
    const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ index: r.int32(), ts: r.int64() })) }));
    const w = new Writer();
    w.array(topics, (w, t) =>
      w.string(t.name).array(t.partitions, (w, p) => {
        const log = this.partition(t.name, p.index);
        if (!log) return void w.int32(p.index).int16(ERR.UNKNOWN_TOPIC_OR_PARTITION).int64(-1n).int64(-1n);
        const offset = p.ts === -2n ? log.logStartOffset : p.ts === -1n ? log.nextOffset : log.offsetForTimestamp(p.ts);
        w.int32(p.index).int16(ERR.NONE).int64(-1n).int64(offset);
      }),
    );
    return w;
  }

  private findCoordinator(r: Reader): Writer {
    r.string();
    r.int8();
    return new Writer().int32(0).int16(ERR.NONE).string(null).int32(this.config.nodeId).string(this.config.host).int32(this.config.port);
  }

  private async joinGroup(r: Reader, h: RequestHeader): Promise<Writer> {
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = r.int32();
    const memberId = r.string();
    const protocolType = r.string();
    const protocols = r.array((r) => ({ name: r.string(), metadata: r.bytes() ?? Buffer.alloc(0) }));
    const w = new Writer().int32(0);
    if (!groupId) return w.int16(ERR.INVALID_GROUP_ID).int32(-1).string('').string('').string(memberId).array([], () => undefined);
    if (sessionTimeoutMs < this.config.groupMinSessionTimeoutMs || sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs) {
      return w.int16(ERR.INVALID_SESSION_TIMEOUT).int32(-1).string('').string('').string(memberId).array([], () => undefined);
    }
    const res = await this.group(groupId).join({ memberId, clientId: h.clientId ?? '', clientHost: h.clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocolType, protocols });
    w.int16(res.error).int32(res.generation).string(res.protocol).string(res.leader).string(res.memberId);
    return w.array(res.members, (w, m) => w.string(m.memberId).bytes(m.metadata));
  }

  private async syncGroup(r: Reader): Promise<Writer> {
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    const assignments = r.array((r) => ({ memberId: r.string(), assignment: r.bytes() ?? Buffer.alloc(0) }));
    const g = this.groups.get(groupId);
    const res = g ? await g.sync(memberId, generation, assignments) : { error: ERR.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    return new Writer().int32(0).int16(res.error).bytes(res.assignment);
  }

  private heartbeat(r: Reader): Writer {
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    const g = this.groups.get(groupId);
    return new Writer().int32(0).int16(g ? g.heartbeat(memberId, generation) : ERR.UNKNOWN_MEMBER_ID);
  }

  private leaveGroup(r: Reader): Writer {
    const groupId = r.string();
    const memberId = r.string();
    const g = this.groups.get(groupId);
    return new Writer().int32(0).int16(g ? g.leave(memberId) : ERR.UNKNOWN_MEMBER_ID);
  }

  private offsetCommit(r: Reader): Writer {
    const groupId = r.string();
    const generation = r.int32();
    const memberId = r.string();
    r.int64(); // retention
    const topics = r.array((r) => ({ name: r.string(), partitions: r.array((r) => ({ index: r.int32(), offset: r.int64(), metadata: r.nullableString() })) }));
    const g = this.groups.get(groupId);
    let error: number = ERR.NONE;
    if (generation >= 0 || memberId) {
      if (!g || !g.members.has(memberId)) error = ERR.UNKNOWN_MEMBER_ID;
      else if (generation !== g.generation) error = ERR.ILLEGAL_GENERATION;
    }
    let stored = this.offsets.get(groupId);
    if (!stored && error === ERR.NONE) this.offsets.set(groupId, (stored = new Map()));
    const w = new Writer();
    w.array(topics, (w, t) =>
      w.string(t.name).array(t.partitions, (w, p) => {
        let e = error;
        if (e === ERR.NONE && !this.partition(t.name, p.index)) e = ERR.UNKNOWN_TOPIC_OR_PARTITION;
        if (e === ERR.NONE) {
          stored!.set(`${t.name}\0${p.index}`, { offset: p.offset, metadata: p.metadata });
          this.offsetsDirty = true;
        }
        w.int32(p.index).int16(e);
      }),
    );
    return w;
  }

  private offsetFetch(r: Reader): Writer {
    const groupId = r.string();
    const topics = r.nullableArray((r) => ({ name: r.string(), partitions: r.array((r) => r.int32()) }));
    const stored = this.offsets.get(groupId);
    let list = topics;
    if (list === null) {
      const byTopic = new Map<string, number[]>();
      for (const k of stored?.keys() ?? []) {
        const [t, p] = k.split('\0') as [string, string];
        byTopic.set(t, [...(byTopic.get(t) ?? []), Number(p)]);
      }
      list = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
    }
    const w = new Writer();
    w.array(list, (w, t) =>
      w.string(t.name).array(t.partitions, (w, p) => {
        const c = stored?.get(`${t.name}\0${p}`);
        w.int32(p).int64(c ? c.offset : -1n).string(c ? c.metadata : '').int16(ERR.NONE);
      }),
    );
    return w.int16(ERR.NONE);
  }

  private describeGroups(r: Reader): Writer {
    const ids = r.array((r) => r.string());
    const w = new Writer().int32(0);
    return w.array(ids, (w, id) => {
      const g = this.groups.get(id);
      const d = g?.describe();
      const state = !d ? 'Dead' : d.state === 'CompletingRebalance' ? 'CompletingRebalance' : d.state;
      w.int16(ERR.NONE).string(id).string(state).string(d?.protocolType ?? '').string(d?.protocol ?? '');
      w.array(d?.members ?? [], (w, m) => w.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment));
    });
  }

  private listGroups(): Writer {
    const w = new Writer().int32(0).int16(ERR.NONE);
    const ids = new Set([...this.groups.keys(), ...this.offsets.keys()]);
    return w.array([...ids], (w, id) => w.string(id).string(this.groups.get(id)?.protocolType ?? 'consumer'));
  }

  private createTopics(r: Reader): Writer {
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.int32(),
      replication: r.int16(),
      assignments: r.array((r) => ({ index: r.int32(), brokers: r.array((r) => r.int32()) })),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    r.int32();
    const validateOnly = r.bool();
    const w = new Writer();
    return w.array(topics, (w, t) => {
      const partitions = t.partitions === -1 ? (t.assignments.length || this.config.defaultPartitions) : t.partitions;
      let error: number;
      let message: string | null = null;
      if (t.replication !== -1 && t.replication !== 1) {
        error = ERR.INVALID_REPLICATION_FACTOR;
        message = 'this single-node broker supports replication factor 1';
      } else if (validateOnly) {
        error = !LEGAL_TOPIC.test(t.name) || t.name === '.' || t.name === '..' ? ERR.INVALID_TOPIC : this.topics.has(t.name) ? ERR.TOPIC_ALREADY_EXISTS : partitions < 1 ? ERR.INVALID_PARTITIONS : ERR.NONE;
      } else {
        const configs: Record<string, string> = {};
        for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
        error = this.createTopic(t.name, partitions, configs);
      }
      if (error === ERR.TOPIC_ALREADY_EXISTS) message = `Topic '${t.name}' already exists.`;
      if (error === ERR.INVALID_TOPIC) message = `Invalid topic name '${t.name}': use 1-249 of [a-zA-Z0-9._-]`;
      if (error === ERR.INVALID_PARTITIONS) message = 'Number of partitions must be between 1 and 10000';
      w.string(t.name).int16(error).string(message);
    });
  }

  private deleteTopics(r: Reader): Writer {
    const names = r.array((r) => r.string());
    r.int32();
    const w = new Writer().int32(0);
    return w.array(names, (w, name) => {
      const t = this.topics.get(name);
      if (!t) return void w.string(name).int16(ERR.UNKNOWN_TOPIC_OR_PARTITION);
      for (const p of t.partitions) p.close();
      this.topics.delete(name);
      if (this.config.dataDir) for (let i = 0; i < t.partitions.length; i++) rmSync(path.dirname(this.partitionFile(name, i)!), { recursive: true, force: true });
      for (const g of this.offsets.values()) for (const k of [...g.keys()]) if (k.startsWith(`${name}\0`)) g.delete(k);
      this.offsetsDirty = true;
      this.saveTopics();
      w.string(name).int16(ERR.NONE);
    });
  }

  private createPartitions(r: Reader): Writer {
    const topics = r.array((r) => ({ name: r.string(), count: r.int32(), assignments: r.nullableArray((r) => r.array((r) => r.int32())) }));
    r.int32();
    const validateOnly = r.bool();
    const w = new Writer().int32(0);
    return w.array(topics, (w, t) => {
      const topic = this.topics.get(t.name);
      if (!topic) return void w.string(t.name).int16(ERR.UNKNOWN_TOPIC_OR_PARTITION).string(`Topic '${t.name}' does not exist`);
      if (t.count <= topic.partitions.length || t.count > 10_000) return void w.string(t.name).int16(ERR.INVALID_PARTITIONS).string(`Topic has ${topic.partitions.length} partitions; the new count must be larger`);
      if (!validateOnly) {
        for (let p = topic.partitions.length; p < t.count; p++) topic.partitions.push(new PartitionLog(this.partitionFile(t.name, p)));
        this.saveTopics();
      }
      w.string(t.name).int16(ERR.NONE).string(null);
    });
  }

  private describeConfigs(r: Reader): Writer {
    const resources = r.array((r) => ({ type: r.int8(), name: r.string(), keys: r.nullableArray((r) => r.string()) }));
    const w = new Writer().int32(0);
    return w.array(resources, (w, res) => {
      const TOPIC = 2;
      const topic = res.type === TOPIC ? this.topics.get(res.name) : undefined;
      if (res.type === TOPIC && !topic) return void w.int16(ERR.UNKNOWN_TOPIC_OR_PARTITION).string(`Topic '${res.name}' does not exist`).int8(res.type).string(res.name).array([], () => undefined);
      const defaults: Record<string, string> = res.type === TOPIC
        ? { 'cleanup.policy': 'delete', 'retention.ms': String(this.config.retentionMs ?? -1), 'retention.bytes': String(this.config.retentionBytes ?? -1), 'max.message.bytes': String(this.config.maxMessageBytes) }
        : { 'num.partitions': String(this.config.defaultPartitions), 'auto.create.topics.enable': String(this.config.autoCreateTopics), 'message.max.bytes': String(this.config.maxMessageBytes) };
      const values = { ...defaults, ...(topic?.configs ?? {}) };
      const names = res.keys ?? Object.keys(values);
      w.int16(ERR.NONE).string(null).int8(res.type).string(res.name);
      w.array(names.filter((n) => n in values), (w, n) => w.string(n).string(values[n]!).bool(false).bool(!(topic?.configs && n in topic.configs)).bool(false));
    });
  }

  private initProducerId(r: Reader): Writer {
    const txn = r.nullableString();
    r.int32();
    if (txn !== null) return new Writer().int32(0).int16(ERR.INVALID_REQUEST).int64(-1n).int16(-1);
    const id = this.nextProducerId++;
    if (this.config.dataDir) this.writeAtomic(path.join(this.config.dataDir, 'producer-id'), id.toString());
    return new Writer().int32(0).int16(ERR.NONE).int64(id).int16(0);
  }
}

export class UnsupportedRequest extends Error {
  constructor(readonly header: RequestHeader) {
    super(`unsupported api ${header.apiKey} v${header.apiVersion}`);
  }
}
