import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import {
  type AlertGroupState,
  type AlertGroupsRecord,
  type RuleThresholdState,
  TOPICS,
} from '@watchfire/contracts';
import { HealthRegistry, MetricsRegistry } from '@watchfire/common';
import {
  decodeValue,
  DeadLetterPublisher,
  encodeValue,
  KAFKA,
  KAFKA_OPTIONS,
  type KafkaModuleOptions,
} from '@watchfire/kafka';
import { isGroupExpired, ruleThresholdKey } from '@watchfire/rules-engine';
import type { GroupStates } from './ports';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The grouping state store, kept the way Kafka Streams keeps a state store: the compacted
 * changelog watchfire.alert-groups.v1 is the truth, and a group's state is written to the same
 * partition number as the watchfire.events.v1 partition it belongs to (events are keyed by place),
 * so the state of an events partition is exactly one changelog partition.
 *
 * Every instance follows the whole changelog (a standby copy of every partition, so a rebalance
 * restores from memory instead of re-reading). When partitions are assigned, each newly assigned
 * one is restored: wait until the copy has read that changelog partition up to its end as of the
 * assignment (so it includes the previous owner's last writes, which were acknowledged before it
 * committed its offsets), then take a working copy. Event handlers wait for that (ready()).
 */
@Injectable()
export class GroupStateStore implements GroupStates, OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('alert-groups');
  /** Standby copy of every changelog partition, as read from the topic. */
  private readonly replica = new Map<number, Map<string, AlertGroupsRecord>>();
  /** Next offset to read per changelog partition. */
  private readonly positions = new Map<number, bigint>();
  /** Working state of the events partitions this instance owns. */
  private readonly owned = new Map<number, Map<string, AlertGroupsRecord>>();
  private readonly restoring = new Map<number, Promise<void>>();
  private producer: Producer | null = null;
  private follower: Consumer | null = null;
  private admin: Admin | null = null;
  private changelogPartitions = 1;
  private connected = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaModuleOptions,
    private readonly dlq: DeadLetterPublisher,
    private readonly metrics: MetricsRegistry,
    health: HealthRegistry,
  ) {
    health.register('alert-groups.changelog', () => ({
      ok: this.connected,
      detail: this.connected ? `${this.size()} groups owned` : 'not connected',
    }));
    metrics.collect(
      'watchfire_alert_groups',
      'Alert groups in the partitions this instance owns',
      'gauge',
      () => [{ value: this.size() }],
    );
  }

  async onModuleInit(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const meta = await this.admin.fetchTopicMetadata({ topics: [TOPICS.alertGroups, TOPICS.events] });
    const count = (t: string) => meta.topics.find((x) => x.name === t)?.partitions.length ?? 1;
    this.changelogPartitions = count(TOPICS.alertGroups);
    if (this.changelogPartitions !== count(TOPICS.events)) {
      this.log.error(
        `${TOPICS.alertGroups} has ${this.changelogPartitions} partitions and ${TOPICS.events} ${count(TOPICS.events)}: they must be equal for partition-local state`,
      );
    }
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    const follower = this.kafka.consumer({
      groupId: `${this.options.service}.follow.${TOPICS.alertGroups}.${randomUUID()}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.follower = follower;
    follower.on(follower.events.CRASH, (e) =>
      this.log.error(`changelog follower crashed: ${e.payload.error.message}`),
    );
    await follower.connect();
    await follower.subscribe({ topic: TOPICS.alertGroups, fromBeginning: true });
    await follower.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8');
        let part = this.replica.get(partition);
        if (!part) this.replica.set(partition, (part = new Map<string, AlertGroupsRecord>()));
        if (key === undefined) {
          await this.dlq.send({
            topic: TOPICS.alertGroups,
            partition,
            offset: message.offset,
            key: null,
            value: message.value,
            reason: 'missing_key',
            error: 'alert-group records need a key',
          });
        } else if (message.value === null) {
          part.delete(key);
        } else {
          try {
            part.set(key, decodeValue(TOPICS.alertGroups, message.value));
          } catch (e) {
            await this.dlq.send({
              topic: TOPICS.alertGroups,
              partition,
              offset: message.offset,
              key,
              value: message.value,
              reason: 'schema_invalid',
              error: (e as Error).message,
            });
          }
        }
        this.positions.set(partition, BigInt(message.offset) + 1n);
      },
    });
    this.connected = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.connected = false;
    await this.follower?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  private changelogPartition(eventsPartition: number): number {
    return eventsPartition % this.changelogPartitions;
  }

  /**
   * Called on every group join with this member's partitions. Runs synchronously up to the
   * first await so that a handler of the new generation always finds its partition's restore.
   */
  onAssignment(assignment: Record<string, number[]>): Promise<void> {
    const mine = new Set(assignment[TOPICS.events] ?? []);
    for (const p of [...this.owned.keys()]) {
      if (!mine.has(p)) {
        this.owned.delete(p);
        this.restoring.delete(p);
      }
    }
    const started: Promise<void>[] = [];
    for (const p of mine) {
      if (this.owned.has(p) || this.restoring.has(p)) continue; // kept across the rebalance: the working copy is current
      started.push(this.startRestore(p));
    }
    this.log.log(`assigned events partitions [${[...mine].sort().join(',')}]`);
    return Promise.all(started).then(
      () => undefined,
      (e: Error) => this.log.error(`restore failed (retried on the next event): ${e.message}`),
    );
  }

  private startRestore(p: number): Promise<void> {
    const r = this.restore(p);
    this.restoring.set(p, r);
    r.catch(() => {
      if (this.restoring.get(p) === r) this.restoring.delete(p);
    });
    return r;
  }

  private async restore(p: number): Promise<void> {
    const t0 = Date.now();
    const cp = this.changelogPartition(p);
    const offsets = await this.admin!.fetchTopicOffsets(TOPICS.alertGroups);
    const o = offsets.find((x) => x.partition === cp);
    const high = BigInt(o?.high ?? '0');
    const low = BigInt(o?.low ?? '0');
    for (let waited = 0; high > low && (this.positions.get(cp) ?? 0n) < high; waited += 20) {
      if (waited > 60_000) throw new Error(`changelog partition ${cp} not caught up after 60 s`);
      await sleep(20);
    }
    // With as many changelog as events partitions, changelog partition p holds exactly the groups of events partition p.
    const states = new Map<string, AlertGroupsRecord>(this.replica.get(cp) ?? []);
    this.owned.set(p, states);
    this.metrics.inc(
      'watchfire_alert_group_restores_total',
      'Events partitions whose grouping state was restored from the changelog',
    );
    this.log.log(`restored ${states.size} groups of events partition ${p} in ${Date.now() - t0} ms`);
  }

  /** Resolves when the grouping state of this events partition is restored. */
  async ready(p: number): Promise<void> {
    // No restore yet (a message before the assignment callback, or a failed restore): restore now.
    await (this.restoring.get(p) ?? this.startRestore(p));
  }

  get(p: number, key: string): AlertGroupState | undefined {
    const r = this.owned.get(p)?.get(key);
    return r && r.kind !== 'rule-threshold' ? r : undefined;
  }

  /** This partition's count for a rule-scoped threshold. */
  threshold(p: number, ruleId: string): RuleThresholdState | undefined {
    const r = this.owned.get(p)?.get(ruleThresholdKey(ruleId, p));
    return r?.kind === 'rule-threshold' ? r : undefined;
  }

  /** The other partitions' counts for a rule-scoped threshold (owned ones from the working copy, the rest from the standby copy). */
  otherThresholds(p: number, ruleId: string): RuleThresholdState[] {
    const out: RuleThresholdState[] = [];
    for (let q = 0; q < this.changelogPartitions; q++) {
      if (q === p) continue;
      const key = ruleThresholdKey(ruleId, q);
      const r = this.owned.get(q)?.get(key) ?? this.replica.get(this.changelogPartition(q))?.get(key);
      if (r?.kind === 'rule-threshold') out.push(r);
    }
    return out;
  }

  /** Writes a group's state (null deletes it) to the changelog partition of events partition p; resolves once acknowledged. */
  async put(p: number, key: string, state: AlertGroupsRecord | null): Promise<void> {
    await this.producer!.send({
      topic: TOPICS.alertGroups,
      acks: -1,
      messages: [
        {
          key,
          value: state === null ? null : encodeValue(TOPICS.alertGroups, state),
          partition: this.changelogPartition(p),
        },
      ],
    });
    const part = this.owned.get(p);
    if (part) {
      if (state === null) part.delete(key);
      else part.set(key, state);
    }
    this.metrics.inc('watchfire_alert_group_writes_total', 'Grouping state changes written to the changelog');
  }

  private readonly locks = new Map<number, Promise<unknown>>();

  /** Runs fn with this events partition's state to itself (the event handler and the sweep never interleave). */
  exclusive<T>(p: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(p) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    this.locks.set(
      p,
      run.catch(() => undefined),
    );
    return run;
  }

  /** Deletes (tombstones) the groups of owned partitions whose window has closed and that hold no realert. */
  async sweep(now: number): Promise<number> {
    let n = 0;
    for (const p of [...this.owned.keys()]) {
      n += await this.exclusive(p, async () => {
        let k = 0;
        for (const [key, state] of [...(this.owned.get(p) ?? [])]) {
          const expired =
            state.kind === 'rule-threshold'
              ? state.matches.every((m) => Date.parse(m.at) < now - 31 * 86_400_000) &&
                (!state.firedAt || Date.parse(state.firedAt) < now - 31 * 86_400_000)
              : isGroupExpired(state, now);
          if (expired) {
            await this.put(p, key, null);
            k++;
          }
        }
        return k;
      });
    }
    return n;
  }

  size(): number {
    let n = 0;
    for (const part of this.owned.values())
      for (const r of part.values()) if (r.kind !== 'rule-threshold') n++;
    return n;
  }

  ownedPartitions(): number[] {
    return [...this.owned.keys()].sort();
  }
}
