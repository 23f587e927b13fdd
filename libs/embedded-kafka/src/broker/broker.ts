// Over 600 lines on purpose: this is the ApiHandlers interface implemented once — one short method
// per Kafka API (the registry in src/protocol names them) over one shared state (topics, groups,
// committed offsets, producer sequences). The group protocol itself is in group.ts and the log in
// partition-log.ts; what remains here reads best as the list of APIs side by side.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BatchError, splitBatches } from '../protocol/record-batch/batch';
import { ERR, Group } from './group';
import { PartitionLog } from './partition-log';
import {
  announcedVersions,
  dispatch,
  type ApiHandlers,
  type ApiVersionsResponse,
  type Reader,
  type RequestHeader,
  type Writer,
  type CreatePartitionsRequest,
  type CreatePartitionsResponse,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
  type DeleteTopicsRequest,
  type DeleteTopicsResponse,
  type DescribeConfigsRequest,
  type DescribeConfigsResponse,
  type DescribeGroupsRequest,
  type DescribeGroupsResponse,
  type FetchRequest,
  type FetchResponse,
  type FindCoordinatorResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type InitProducerIdRequest,
  type InitProducerIdResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
  type ListGroupsResponse,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
  type MetadataRequest,
  type MetadataResponse,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
  type ProduceRequest,
  type ProduceResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from '../protocol';

export { UnsupportedRequest, type RequestHeader } from '../protocol';

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

/**
 * The broker's behaviour: one method per API (the registry in src/protocol names them), each taking
 * the decoded request and returning the response to encode.
 */
export class Broker implements ApiHandlers {
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
      const topics = JSON.parse(readFileSync(meta, 'utf8')) as Array<{
        name: string;
        partitions: number;
        configs: Record<string, string>;
      }>;
      for (const t of topics) this.addTopic(t.name, t.partitions, t.configs);
    }
    const offs = path.join(dir, 'offsets.json');
    if (existsSync(offs)) {
      const data = JSON.parse(readFileSync(offs, 'utf8')) as Record<
        string,
        Record<string, { offset: string; metadata: string | null }>
      >;
      for (const [g, parts] of Object.entries(data)) {
        this.offsets.set(
          g,
          new Map(
            Object.entries(parts).map(([k, v]) => [k, { offset: BigInt(v.offset), metadata: v.metadata }]),
          ),
        );
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
    const list = [...this.topics.values()].map((t) => ({
      name: t.name,
      partitions: t.partitions.length,
      configs: t.configs,
    }));
    this.writeAtomic(path.join(this.config.dataDir, 'topics.json'), JSON.stringify(list, null, 1));
  }

  private saveOffsets(): void {
    if (!this.config.dataDir || !this.offsetsDirty) return;
    this.offsetsDirty = false;
    const data: Record<string, Record<string, { offset: string; metadata: string | null }>> = {};
    for (const [g, parts] of this.offsets)
      data[g] = Object.fromEntries(
        [...parts].map(([k, v]) => [k, { offset: v.offset.toString(), metadata: v.metadata }]),
      );
    this.writeAtomic(path.join(this.config.dataDir, 'offsets.json'), JSON.stringify(data));
  }

  private partitionFile(topic: string, p: number): string | null {
    return this.config.dataDir
      ? path.join(this.config.dataDir, 'logs', `${topic}-${p}`, '00000000000000000000.log')
      : null;
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
    for (const t of this.topics.values()) for (const p of t.partitions) p.flushInBackground();
    if (this.config.retentionBytes !== undefined || this.config.retentionMs !== undefined) {
      const minTs = this.config.retentionMs !== undefined ? BigInt(now - this.config.retentionMs) : undefined;
      for (const t of this.topics.values())
        for (const p of t.partitions) p.retain(this.config.retentionBytes, minTs);
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

  // ---------- the APIs ----------
  /** Decodes, runs and encodes one request (src/protocol's dispatch with this broker's methods). */
  async handle(h: RequestHeader, r: Reader): Promise<Writer | null> {
    return dispatch(this, h, r);
  }

  apiVersions(): ApiVersionsResponse {
    return { errorCode: ERR.NONE, apiKeys: announcedVersions(), throttleTimeMs: 0 };
  }

  metadata(req: MetadataRequest): MetadataResponse {
    const list = req.topics ?? [...this.topics.keys()];
    const node = this.config.nodeId;
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: node, host: this.config.host, port: this.config.port, rack: null }],
      clusterId: 'watchfire-embedded',
      controllerId: node,
      topics: list.map((name) => {
        let t = this.topics.get(name);
        let error: number = ERR.NONE;
        if (!t) {
          // Kafka answers LEADER_NOT_AVAILABLE right after auto-creation; our leader is ready at once.
          if (req.allowAutoTopicCreation && this.config.autoCreateTopics) {
            error = this.createTopic(name, this.config.defaultPartitions);
            t = this.topics.get(name);
          } else error = ERR.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return {
          errorCode: error,
          name,
          isInternal: false,
          partitions: (t?.partitions ?? []).map((_, i) => ({
            errorCode: ERR.NONE,
            index: i,
            leader: node,
            replicas: [node],
            isr: [node],
          })),
        };
      }),
    };
  }

  private partition(topic: string, p: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[p];
  }

  /** Transactions are not supported: the transactional id is ignored. */
  produce(req: ProduceRequest): ProduceResponse | null {
    let appended = false;
    const failed = (index: number, errorCode: number) => ({
      index,
      errorCode,
      baseOffset: -1n,
      logAppendTimeMs: -1n,
    });
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const log = this.partition(t.name, p.index);
        if (!log) return failed(p.index, ERR.UNKNOWN_TOPIC_OR_PARTITION);
        if (!p.records || p.records.length === 0) return failed(p.index, ERR.CORRUPT_MESSAGE);
        try {
          const batches = splitBatches(p.records);
          for (const b of batches)
            if (b.buf.length > this.config.maxMessageBytes) return failed(p.index, ERR.MESSAGE_TOO_LARGE);
          let first = -1n;
          for (const b of batches) {
            const dup = this.checkSequence(b, `${t.name}\0${p.index}`, log.nextOffset);
            if (typeof dup === 'number') return failed(p.index, dup);
            if (dup !== null) {
              if (first < 0n) first = dup;
              continue;
            }
            const stored = log.append(b.buf);
            appended = true;
            if (first < 0n) first = stored.baseOffset;
          }
          return { index: p.index, errorCode: ERR.NONE, baseOffset: first, logAppendTimeMs: -1n };
        } catch (e) {
          if (e instanceof BatchError) return failed(p.index, e.code);
          throw e;
        }
      }),
    }));
    if (appended) this.wake();
    return req.acks === 0 ? null : { topics, throttleTimeMs: 0 };
  }

  /**
   * Idempotent producers: a retried batch that was already written is acknowledged with its
   * original offset (returns it); a gap is OUT_OF_ORDER_SEQUENCE_NUMBER; null = append.
   */
  private checkSequence(
    b: { producerId: bigint; producerEpoch: number; baseSequence: number; lastOffsetDelta: number },
    key: string,
    _next: bigint,
  ): bigint | number | null {
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
    const last = recent.length ? recent[recent.length - 1].last : -1;
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

  async fetch(req: FetchRequest): Promise<FetchResponse> {
    const deadline = Date.now() + Math.min(Math.max(req.maxWaitMs, 0), 30_000);
    for (;;) {
      let total = 0;
      const topics = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const log = this.partition(t.name, p.index);
          const none = (errorCode: number, hw: bigint) => ({
            index: p.index,
            errorCode,
            highWatermark: hw,
            lastStableOffset: hw,
            records: [] as Buffer[],
          });
          if (!log) return none(ERR.UNKNOWN_TOPIC_OR_PARTITION, -1n);
          if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.nextOffset)
            return none(ERR.OFFSET_OUT_OF_RANGE, log.nextOffset);
          const budget = total > 0 ? Math.min(p.maxBytes, req.maxBytes - total) : p.maxBytes;
          const records = budget > 0 || total === 0 ? log.read(p.fetchOffset, Math.max(budget, 1)) : [];
          for (const b of records) total += b.length;
          return {
            index: p.index,
            errorCode: ERR.NONE,
            highWatermark: log.nextOffset,
            lastStableOffset: log.nextOffset,
            records,
          };
        }),
      }));
      if (total >= Math.max(req.minBytes, 1) || Date.now() >= deadline) return { throttleTimeMs: 0, topics };
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

  listOffsets(req: ListOffsetsRequest): ListOffsetsResponse {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const log = this.partition(t.name, p.index);
          if (!log)
            return { index: p.index, errorCode: ERR.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1n, offset: -1n };
          const offset =
            p.timestamp === -2n
              ? log.logStartOffset
              : p.timestamp === -1n
                ? log.nextOffset
                : log.offsetForTimestamp(p.timestamp);
          return { index: p.index, errorCode: ERR.NONE, timestamp: -1n, offset };
        }),
      })),
    };
  }

  /** One node: it coordinates every group. */
  findCoordinator(): FindCoordinatorResponse {
    return {
      throttleTimeMs: 0,
      errorCode: ERR.NONE,
      errorMessage: null,
      nodeId: this.config.nodeId,
      host: this.config.host,
      port: this.config.port,
    };
  }

  async joinGroup(req: JoinGroupRequest, h: RequestHeader): Promise<JoinGroupResponse> {
    const refused = (errorCode: number): JoinGroupResponse => ({
      throttleTimeMs: 0,
      errorCode,
      generationId: -1,
      protocolName: '',
      leader: '',
      memberId: req.memberId,
      members: [],
    });
    if (!req.groupId) return refused(ERR.INVALID_GROUP_ID);
    if (
      req.sessionTimeoutMs < this.config.groupMinSessionTimeoutMs ||
      req.sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs
    )
      return refused(ERR.INVALID_SESSION_TIMEOUT);
    const { groupId, memberId, sessionTimeoutMs, rebalanceTimeoutMs, protocolType, protocols } = req;
    const res = await this.group(groupId).join({
      memberId,
      clientId: h.clientId ?? '',
      clientHost: h.clientHost,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      protocolType,
      protocols,
    });
    return {
      throttleTimeMs: 0,
      errorCode: res.error,
      generationId: res.generation,
      protocolName: res.protocol,
      leader: res.leader,
      memberId: res.memberId,
      members: res.members,
    };
  }

  async syncGroup(req: SyncGroupRequest): Promise<SyncGroupResponse> {
    const g = this.groups.get(req.groupId);
    const res = g
      ? await g.sync(req.memberId, req.generationId, req.assignments)
      : { error: ERR.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    return { throttleTimeMs: 0, errorCode: res.error, assignment: res.assignment };
  }

  heartbeat(req: HeartbeatRequest): HeartbeatResponse {
    const g = this.groups.get(req.groupId);
    return {
      throttleTimeMs: 0,
      errorCode: g ? g.heartbeat(req.memberId, req.generationId) : ERR.UNKNOWN_MEMBER_ID,
    };
  }

  leaveGroup(req: LeaveGroupRequest): LeaveGroupResponse {
    const g = this.groups.get(req.groupId);
    return { throttleTimeMs: 0, errorCode: g ? g.leave(req.memberId) : ERR.UNKNOWN_MEMBER_ID };
  }

  /** The retention time is ignored: committed offsets are kept until the topic goes. */
  offsetCommit(req: OffsetCommitRequest): OffsetCommitResponse {
    const { groupId, generationId, memberId } = req;
    const g = this.groups.get(groupId);
    let error: number = ERR.NONE;
    if (generationId >= 0 || memberId) {
      if (!g || !g.members.has(memberId)) error = ERR.UNKNOWN_MEMBER_ID;
      else if (generationId !== g.generation) error = ERR.ILLEGAL_GENERATION;
    }
    let stored = this.offsets.get(groupId);
    if (!stored && error === ERR.NONE)
      this.offsets.set(groupId, (stored = new Map<string, { offset: bigint; metadata: string | null }>()));
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          let e = error;
          if (e === ERR.NONE && !this.partition(t.name, p.index)) e = ERR.UNKNOWN_TOPIC_OR_PARTITION;
          if (e === ERR.NONE) {
            stored!.set(`${t.name}\0${p.index}`, { offset: p.offset, metadata: p.metadata });
            this.offsetsDirty = true;
          }
          return { index: p.index, errorCode: e };
        }),
      })),
    };
  }

  offsetFetch(req: OffsetFetchRequest): OffsetFetchResponse {
    const stored = this.offsets.get(req.groupId);
    let list = req.topics;
    if (list === null) {
      const byTopic = new Map<string, number[]>();
      for (const k of stored?.keys() ?? []) {
        const [t, p] = k.split('\0') as [string, string];
        byTopic.set(t, [...(byTopic.get(t) ?? []), Number(p)]);
      }
      list = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
    }
    return {
      topics: list.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const c = stored?.get(`${t.name}\0${p}`);
          return { index: p, offset: c ? c.offset : -1n, metadata: c?.metadata ?? '', errorCode: ERR.NONE };
        }),
      })),
      errorCode: ERR.NONE,
    };
  }

  describeGroups(req: DescribeGroupsRequest): DescribeGroupsResponse {
    return {
      throttleTimeMs: 0,
      groups: req.groups.map((id) => {
        const d = this.groups.get(id)?.describe();
        return {
          errorCode: ERR.NONE,
          groupId: id,
          state: d?.state ?? 'Dead',
          protocolType: d?.protocolType ?? '',
          protocol: d?.protocol ?? '',
          members: d?.members ?? [],
        };
      }),
    };
  }

  listGroups(): ListGroupsResponse {
    const ids = new Set([...this.groups.keys(), ...this.offsets.keys()]);
    return {
      throttleTimeMs: 0,
      errorCode: ERR.NONE,
      groups: [...ids].map((id) => ({
        groupId: id,
        protocolType: this.groups.get(id)?.protocolType ?? 'consumer',
      })),
    };
  }

  createTopics(req: CreateTopicsRequest): CreateTopicsResponse {
    return {
      topics: req.topics.map((t) => {
        const partitions =
          t.numPartitions === -1 ? t.assignments.length || this.config.defaultPartitions : t.numPartitions;
        let error: number;
        let message: string | null = null;
        if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
          error = ERR.INVALID_REPLICATION_FACTOR;
          message = 'this single-node broker supports replication factor 1';
        } else if (req.validateOnly) {
          error =
            !LEGAL_TOPIC.test(t.name) || t.name === '.' || t.name === '..'
              ? ERR.INVALID_TOPIC
              : this.topics.has(t.name)
                ? ERR.TOPIC_ALREADY_EXISTS
                : partitions < 1
                  ? ERR.INVALID_PARTITIONS
                  : ERR.NONE;
        } else {
          const configs: Record<string, string> = {};
          for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
          error = this.createTopic(t.name, partitions, configs);
        }
        if (error === ERR.TOPIC_ALREADY_EXISTS) message = `Topic '${t.name}' already exists.`;
        if (error === ERR.INVALID_TOPIC)
          message = `Invalid topic name '${t.name}': use 1-249 of [a-zA-Z0-9._-]`;
        if (error === ERR.INVALID_PARTITIONS) message = 'Number of partitions must be between 1 and 10000';
        return { name: t.name, errorCode: error, errorMessage: message };
      }),
    };
  }

  deleteTopics(req: DeleteTopicsRequest): DeleteTopicsResponse {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((name) => {
        const t = this.topics.get(name);
        if (!t) return { name, errorCode: ERR.UNKNOWN_TOPIC_OR_PARTITION };
        for (const p of t.partitions) p.close();
        this.topics.delete(name);
        if (this.config.dataDir)
          for (let i = 0; i < t.partitions.length; i++)
            rmSync(path.dirname(this.partitionFile(name, i)!), { recursive: true, force: true });
        for (const g of this.offsets.values())
          for (const k of [...g.keys()]) if (k.startsWith(`${name}\0`)) g.delete(k);
        this.offsetsDirty = true;
        this.saveTopics();
        return { name, errorCode: ERR.NONE };
      }),
    };
  }

  createPartitions(req: CreatePartitionsRequest): CreatePartitionsResponse {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => {
        const topic = this.topics.get(t.name);
        if (!topic)
          return {
            name: t.name,
            errorCode: ERR.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: `Topic '${t.name}' does not exist`,
          };
        if (t.count <= topic.partitions.length || t.count > 10_000)
          return {
            name: t.name,
            errorCode: ERR.INVALID_PARTITIONS,
            errorMessage: `Topic has ${topic.partitions.length} partitions; the new count must be larger`,
          };
        if (!req.validateOnly) {
          for (let p = topic.partitions.length; p < t.count; p++)
            topic.partitions.push(new PartitionLog(this.partitionFile(t.name, p)));
          this.saveTopics();
        }
        return { name: t.name, errorCode: ERR.NONE, errorMessage: null };
      }),
    };
  }

  describeConfigs(req: DescribeConfigsRequest): DescribeConfigsResponse {
    const TOPIC = 2;
    return {
      throttleTimeMs: 0,
      resources: req.resources.map((res) => {
        const head = { resourceType: res.resourceType, resourceName: res.resourceName };
        const topic = res.resourceType === TOPIC ? this.topics.get(res.resourceName) : undefined;
        if (res.resourceType === TOPIC && !topic)
          return {
            ...head,
            errorCode: ERR.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: `Topic '${res.resourceName}' does not exist`,
            configs: [],
          };
        const defaults: Record<string, string> =
          res.resourceType === TOPIC
            ? {
                'cleanup.policy': 'delete',
                'retention.ms': String(this.config.retentionMs ?? -1),
                'retention.bytes': String(this.config.retentionBytes ?? -1),
                'max.message.bytes': String(this.config.maxMessageBytes),
              }
            : {
                'num.partitions': String(this.config.defaultPartitions),
                'auto.create.topics.enable': String(this.config.autoCreateTopics),
                'message.max.bytes': String(this.config.maxMessageBytes),
              };
        const values = { ...defaults, ...(topic?.configs ?? {}) };
        const names = (res.configNames ?? Object.keys(values)).filter((n) => n in values);
        return {
          ...head,
          errorCode: ERR.NONE,
          errorMessage: null,
          configs: names.map((n) => ({
            name: n,
            value: values[n],
            readOnly: false,
            isDefault: !(topic?.configs && n in topic.configs),
            isSensitive: false,
          })),
        };
      }),
    };
  }

  initProducerId(req: InitProducerIdRequest): InitProducerIdResponse {
    if (req.transactionalId !== null)
      return { throttleTimeMs: 0, errorCode: ERR.INVALID_REQUEST, producerId: -1n, producerEpoch: -1 };
    const id = this.nextProducerId++;
    if (this.config.dataDir) this.writeAtomic(path.join(this.config.dataDir, 'producer-id'), id.toString());
    return { throttleTimeMs: 0, errorCode: ERR.NONE, producerId: id, producerEpoch: 0 };
  }
}
