import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RULE_LIMITS, type RuleRecord, type RuleSpec, TOPICS } from '@watchfire/contracts';
import { ApiError, MetricsRegistry } from '@watchfire/common';
import { CatchUpTimeoutError, type Table, TableSource, TopicWriter } from '@watchfire/kafka';
import {
  checkRuleCount,
  type CompiledRule,
  compileRule,
  DEFAULT_RULES,
  RuleSet,
  ruleChanges,
} from '@watchfire/rules-engine';

type HistoryEntry = RuleRecord['history'][number];

/**
 * Operator rules: watchfire.rules.v1 (compacted, key = rule id) is the source of truth. Every
 * instance reads it to the end before serving and follows it live, rebuilding its indexed RuleSet
 * on every change, so a change made through any instance applies everywhere within a poll
 * (about 250 ms). Compiled rules are cached by (id, version): a change recompiles one rule.
 */
@Injectable()
export class RulesStore implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('rules');
  private readonly table: Table<typeof TOPICS.rules>;
  private readonly compiled = new Map<string, { version: number; rule: CompiledRule }>();
  /** History of rules deleted while this instance was running (a tombstone carries none). */
  private readonly deleted = new Map<string, HistoryEntry[]>();
  private current: RuleSet = new RuleSet([]);
  private loaded = false;
  private rebuildScheduled = false;
  private readonly listeners = new Set<(set: RuleSet) => void>();

  constructor(
    private readonly publisher: TopicWriter,
    private readonly metrics: MetricsRegistry,
    private readonly tables: TableSource,
  ) {
    this.table = tables.table(TOPICS.rules, (id, value, previous) => this.onChange(id, value, previous));
    metrics.collect(
      'watchfire_rules',
      'Operator rules loaded on this instance',
      'gauge',
      () => [
        { labels: { state: 'enabled' }, value: this.current.stats().enabled },
        { labels: { state: 'total' }, value: this.current.size },
      ],
      ['state'],
    );
  }

  async onModuleInit(): Promise<void> {
    await this.table.start();
    this.loaded = true;
    this.rebuild();
    if (await this.neverWritten()) {
      await this.writeDefaults();
      this.rebuild(); // now, not on the next tick: the line below reports what is in force
    }
    this.log.log(`${this.current.size} rules (${this.current.stats().enabled} enabled)`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.table.stop();
  }

  /** The rules in force on this instance (replaced, never mutated, on every change). */
  get ruleSet(): RuleSet {
    return this.current;
  }

  onRuleSet(fn: (set: RuleSet) => void): void {
    this.listeners.add(fn);
  }

  private onChange(id: string, value: RuleRecord | null, previous: RuleRecord | undefined): void {
    if (value === null && previous) {
      const last = previous.history[previous.history.length - 1];
      this.deleted.set(id, last?.action === 'deleted' ? previous.history : [...previous.history]);
    } else if (value) {
      this.deleted.delete(id);
    }
    if (this.loaded) this.scheduleRebuild();
  }

  private scheduleRebuild(): void {
    if (this.rebuildScheduled) return;
    this.rebuildScheduled = true;
    setImmediate(() => {
      this.rebuildScheduled = false;
      this.rebuild();
    });
  }

  private rebuild(): void {
    const records = this.list().filter((r) => !isDeleted(r));
    const rules: CompiledRule[] = [];
    for (const [i, r] of records.entries()) {
      let c = this.compiled.get(r.id);
      if (!c || c.version !== r.version) {
        try {
          c = { version: r.version, rule: compileRule(r, i) };
        } catch (e) {
          // Validated on write; a record written by something else that does not compile is skipped loudly.
          this.log.error(
            `rule ${r.id} v${r.version} does not compile and is skipped: ${(e as Error).message}`,
          );
          continue;
        }
        this.compiled.set(r.id, c);
      }
      rules.push({ ...c.rule, ordinal: i });
    }
    for (const id of this.compiled.keys()) if (!this.table.get(id)) this.compiled.delete(id);
    this.current = new RuleSet(rules);
    this.metrics.inc('watchfire_rule_set_rebuilds_total', 'Rule set rebuilds after a change');
    for (const fn of this.listeners) fn(this.current);
  }

  /**
   * Defaults go in only when nothing was ever written to the topic: an operator who deleted every
   * rule does not get the defaults back when compaction later removes the tombstones.
   */
  private async neverWritten(): Promise<boolean> {
    if (this.table.size > 0) return false;
    return this.tables.neverWritten(TOPICS.rules);
  }

  private async writeDefaults(): Promise<void> {
    const now = new Date().toISOString();
    const records: RuleRecord[] = DEFAULT_RULES.map(({ id, ...spec }) => ({
      id,
      ...spec,
      version: 1,
      createdAt: now,
      createdBy: 'watchfire',
      updatedAt: now,
      updatedBy: 'watchfire',
      history: [{ version: 1, action: 'created', at: now, by: 'watchfire' }],
    }));
    await this.publisher.publish(
      TOPICS.rules,
      records.map((r) => ({ key: r.id, value: r })),
    );
    for (const r of records) this.table.applyLocal(r.id, r);
    this.log.log(`watchfire.rules.v1 was empty: wrote ${records.length} default rules`);
  }

  list(): RuleRecord[] {
    return [...this.table.values()]
      .filter((r) => !isDeleted(r))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  get(id: string): RuleRecord {
    const r = this.table.get(id);
    if (!r || isDeleted(r)) throw ApiError.notFound(`rule ${id}`);
    return r;
  }

  history(id: string): HistoryEntry[] {
    const r = this.table.get(id);
    if (r) return r.history;
    const gone = this.deleted.get(id);
    if (gone) return gone;
    throw ApiError.notFound(`rule ${id}`);
  }

  async create(spec: RuleSpec, by: string): Promise<RuleRecord> {
    await this.catchUp();
    const over = checkRuleCount(this.list().length);
    if (over) throw new ApiError(422, 'limit_exceeded', over.message, [over]);
    const now = new Date().toISOString();
    const record: RuleRecord = {
      id: `rule-${randomUUID()}`,
      ...spec,
      version: 1,
      createdAt: now,
      createdBy: by,
      updatedAt: now,
      updatedBy: by,
      history: [{ version: 1, action: 'created', at: now, by }],
    };
    await this.write(record);
    return record;
  }

  async update(id: string, spec: RuleSpec, expectedVersion: number, by: string): Promise<RuleRecord> {
    await this.catchUp(); // see every change acknowledged through any instance before checking the version
    const cur = this.get(id);
    if (cur.version !== expectedVersion) throw stale(id, cur.version, expectedVersion);
    const now = new Date().toISOString();
    const version = cur.version + 1;
    const record: RuleRecord = {
      id,
      ...spec,
      version,
      createdAt: cur.createdAt,
      createdBy: cur.createdBy,
      updatedAt: now,
      updatedBy: by,
      history: appendHistory(cur.history, {
        version,
        action: 'updated',
        at: now,
        by,
        changes: ruleChanges(specOf(cur), spec),
      }),
    };
    await this.write(record);
    return record;
  }

  /**
   * Deletes with a tombstone. Just before it, a last record with the "deleted" history entry is
   * written, so every instance following the topic learns who deleted the rule and when.
   */
  async remove(id: string, expectedVersion: number | undefined, by: string): Promise<void> {
    await this.catchUp();
    const cur = this.get(id);
    if (expectedVersion !== undefined && cur.version !== expectedVersion)
      throw stale(id, cur.version, expectedVersion);
    const now = new Date().toISOString();
    const version = cur.version + 1;
    const last: RuleRecord = {
      ...cur,
      enabled: false,
      version,
      updatedAt: now,
      updatedBy: by,
      history: appendHistory(cur.history, { version, action: 'deleted', at: now, by }),
    };
    await this.publisher.publish(TOPICS.rules, [
      { key: id, value: last },
      { key: id, value: null },
    ]);
    this.table.applyLocal(id, last);
    this.table.applyLocal(id, null);
  }

  private async write(record: RuleRecord): Promise<void> {
    await this.publisher.publishOne(TOPICS.rules, record.id, record);
    this.table.applyLocal(record.id, record);
  }

  get isReady(): boolean {
    return this.loaded;
  }

  /** Waits until this instance has applied every rule change acknowledged so far (any instance). */
  async catchUp(): Promise<void> {
    try {
      await this.table.catchUp();
    } catch (e) {
      if (e instanceof CatchUpTimeoutError) throw new ApiError(503, 'unavailable', `${e.message}; try again`);
      throw e;
    }
  }
}

function isDeleted(r: RuleRecord): boolean {
  return r.history[r.history.length - 1]?.action === 'deleted';
}

/** The operator-written part of a stored rule, for the history's diff. */
function specOf(r: RuleRecord): RuleSpec {
  const {
    id: _i,
    version: _v,
    createdAt: _c,
    createdBy: _cb,
    updatedAt: _u,
    updatedBy: _ub,
    history: _h,
    ...spec
  } = r;
  return spec;
}

function appendHistory(h: HistoryEntry[], e: HistoryEntry): HistoryEntry[] {
  return [...h, e].slice(-RULE_LIMITS.historyEntries);
}

function stale(id: string, current: number, given: number): ApiError {
  return ApiError.conflict(
    `rule ${id} is at version ${current}, not ${given}: someone changed it; GET it again and re-apply your change`,
    { currentVersion: current },
  );
}
