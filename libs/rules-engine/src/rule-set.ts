import { type Condition, EVENT_STATUSES, EVENT_TYPES, type RuleField, type WatchfireEvent } from '@watchfire/contracts';
import { compileCondition, conditionCost, type CompiledRule, compileRule, type Explanation, type RuleInput } from './compile';
import { EventContext } from './context';
import { normString, normValue } from './fields';
import { ENGINE_LIMITS } from './limits';

/** Place fields, most selective first: a rule is indexed under the first of these it constrains. */
const PLACE_FIELDS = ['location.id', 'location.name', 'location.province', 'location.neighbor', 'location.country'] as const satisfies readonly RuleField[];

/** Fields every event carries, with a closed set of values. */
const CLOSED_DOMAINS: Partial<Record<RuleField, readonly string[]>> = { type: EVENT_TYPES, status: EVENT_STATUSES };

export interface IndexKeys {
  place: string[] | null;
  type: string[] | null;
  status: string[] | null;
  /** The top-level conjuncts (nested `all`s flattened). */
  conjuncts: Condition[];
  /** Confidence bounds from `confidence` gte/lte conjuncts (null = none), checked in the index entry. */
  confidence: [min: number, max: number] | null;
  /** Conjuncts that finding the rule in its index bucket already proves (pure in/eq on an indexed dimension, confidence bounds). */
  implied: Condition[];
}

/**
 * The values a rule requires of indexable fields, read from its top-level conjunction (nested
 * `all`s flattened; an `any` of `in`/`eq` conditions on one field counts as their union).
 * null = no constraint on that dimension.
 */
export function indexKeysOf(when: Condition): IndexKeys {
  const required = new Map<RuleField, Set<string>>();
  /** Per field, the conjuncts that say exactly "value in set" (nothing else), so the index proves them. */
  const pure = new Map<RuleField, Condition[]>();
  const conjuncts: Condition[] = [];
  const add = (field: RuleField, values: Set<string>, c: Condition, isPure: boolean) => {
    const prev = required.get(field);
    required.set(field, prev ? new Set([...prev].filter((v) => values.has(v))) : values);
    if (isPure) pure.set(field, [...(pure.get(field) ?? []), c]);
  };
  const valuesOf = (c: Condition): { field: RuleField; values: Set<string>; pure: boolean } | null => {
    if (c.not !== undefined) {
      // Type and status are required and closed: `not status = denied` is `status in` the others.
      const inner = valuesOf(c.not);
      const domain = inner?.pure ? CLOSED_DOMAINS[inner.field] : undefined;
      return domain ? { field: inner!.field, values: new Set(domain.filter((v) => !inner!.values.has(v))), pure: true } : null;
    }
    if (c.field === undefined) return null;
    let vals: Set<string> | null = null;
    let isPure = c.gte === undefined && c.lte === undefined && c.exists === undefined;
    if (c.in !== undefined) {
      if (c.in.some((v) => typeof v !== 'string')) isPure = false;
      vals = new Set(c.in.filter((v) => typeof v === 'string').map((v) => normValue(v) as string));
    }
    if (c.eq !== undefined) {
      if (typeof c.eq !== 'string') isPure = false;
      else {
        const e = normValue(c.eq) as string;
        vals = vals ? new Set([...vals].filter((v) => v === e)) : new Set([e]);
      }
    }
    return vals ? { field: c.field, values: vals, pure: isPure } : null;
  };
  let confidence: [number, number] | null = null;
  const ranges: Condition[] = [];
  const visit = (c: Condition) => {
    if (c.all) return c.all.forEach(visit);
    conjuncts.push(c);
    // Every event has a confidence: a plain bound on it is two comparisons in the index entry.
    if (c.field === 'confidence' && c.in === undefined && c.eq === undefined && c.exists === undefined && (c.gte !== undefined || c.lte !== undefined)) {
      const [min, max] = confidence ?? [-Infinity, Infinity];
      confidence = [Math.max(min, c.gte ?? -Infinity), Math.min(max, c.lte ?? Infinity)];
      ranges.push(c);
      return;
    }
    const direct = valuesOf(c);
    if (direct) return add(direct.field, direct.values, c, direct.pure);
    if (c.any) {
      const parts = c.any.map(valuesOf);
      if (parts.every((p) => p !== null) && parts.every((p) => p!.field === parts[0]!.field)) {
        add(parts[0]!.field, new Set(parts.flatMap((p) => [...p!.values])), c, parts.every((p) => p!.pure));
      }
    }
  };
  visit(when);
  const placeField = PLACE_FIELDS.find((f) => required.has(f));
  const keys: IndexKeys = {
    place: placeField ? [...required.get(placeField)!].map((v) => `${placeField}=${v}`) : null,
    type: required.has('type') ? [...required.get('type')!] : null,
    status: required.has('status') ? [...required.get('status')!] : null,
    confidence,
    conjuncts,
    implied: [],
  };
  // A rule must not occupy too many index entries; type and status are bit masks, not entries.
  if ((keys.place?.length ?? 0) > ENGINE_LIMITS.indexEntriesPerRule) keys.place = null;
  keys.implied = [
    ...(keys.place && placeField ? (pure.get(placeField) ?? []) : []),
    ...(keys.type ? (pure.get('type') ?? []) : []),
    ...(keys.status ? (pure.get('status') ?? []) : []),
    ...ranges,
  ];
  return keys;
}

export interface RuleSetStats {
  rules: number;
  enabled: number;
  /** Enabled rules that every event must try (no place, type or status constraint). */
  residual: number;
  /** Distinct conditions left to evaluate after the index (shared between rules, evaluated once per event). */
  conditions: number;
}

/** Type and status are small closed sets: a rule's constraint on each is a bit mask, -1 = any. */
const ANY = -1;
/** Raw place values remembered per field (events name gazetteer places, a bounded set; cleared when full). */
const PLACE_MEMO_SIZE = 50_000;
/**
 * Int32s per index entry: rank, type mask, status mask, number of conditions, the first
 * INLINE_CONDS condition ids, and where the rest start in condIds. Most rules have at most three
 * conditions left after the index, so testing one reads a single run of memory.
 */
const INLINE_CONDS = 3;
const ENTRY = 5 + INLINE_CONDS;
const bitsOf = (values: readonly string[]) => new Map(values.map((v, i) => [v, 1 << i]));
const TYPE_BIT = bitsOf(EVENT_TYPES);
const STATUS_BIT = bitsOf(EVENT_STATUSES);
const maskOf = (values: string[] | null, bits: Map<string, number>) => (values ? values.reduce((m, v) => m | (bits.get(v) ?? 0), 0) : ANY);

/** A condition's identity for sharing: the same condition written with keys in another order is the same condition. */
function canonical(c: unknown): string {
  if (Array.isArray(c)) return `[${c.map(canonical).join(',')}]`;
  if (c !== null && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(c);
}

/**
 * An immutable, indexed set of rules.
 *
 * Index: rules that name places are filed under their place values (the most selective place
 * field they constrain); the rest sit in one list every event reads. An event reads at most one
 * list per place field plus that one, so the work grows with the rules that could match it, not
 * with all rules. Type and status constraints are bit masks checked in the list (one AND each).
 *
 * Evaluation: what the index does not prove is a conjunction of conditions. Rules written at scale
 * repeat conditions (`confidence >= 0.6`, `not status = denied`, the same phrases and patterns),
 * so each distinct condition gets a number and is evaluated at most once per event; rules only
 * read the memo. The rule data lives in typed arrays so a rule costs a few reads, not a chain of
 * closures scattered over the heap.
 */
export class RuleSet {
  readonly rules: readonly CompiledRule[];
  private readonly byId = new Map<string, CompiledRule>();
  /** Enabled rules in evaluation order (by ordinal); a rule's rank is its position here. */
  private readonly ranked: CompiledRule[] = [];
  /**
   * The index, flat: bucket b's entries are entries[ENTRY * bucketFrom[b] .. ENTRY * bucketFrom[b + 1]),
   * each [rank, type mask, status mask, conditions...] (see ENTRY) — scanning a bucket reads one
   * contiguous run of memory. Bucket 0 holds the rules that name no place.
   */
  private readonly entries: Int32Array;
  /** Per entry (same order as entries): [min, max] confidence, ±Infinity when the rule has no bound. */
  private readonly bounds: Float64Array;
  private readonly bucketFrom: Int32Array;
  /** Conditions of rules with more than INLINE_CONDS of them, from the fourth on. */
  private readonly condIds: Int32Array;
  private readonly condTests: ((ctx: EventContext) => boolean)[] = [];
  /** Per-event memo of condition results: valid when condEpoch[id] is the current evaluation's epoch. */
  private readonly condEpoch: Int32Array;
  private readonly condValue: Uint8Array;
  private epoch = 0;
  /** Conditions evaluated (memo misses) since the set was built: the work the events really needed. */
  private evaluations = 0;
  /** Per place field some rule is filed under: normalised value -> bucket, and raw value -> bucket or -1. */
  private readonly placeFields: RuleField[] = [];
  private readonly placeIndex: Map<string, number>[] = [];
  private readonly placeMemo: Map<string, number>[] = [];
  private readonly scratch: Int32Array;
  private residualCount = 0;

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    for (const r of rules) this.byId.set(r.id, r);
    this.ranked = rules.filter((r) => r.enabled).sort((a, b) => a.ordinal - b.ordinal);
    this.scratch = new Int32Array(this.ranked.length);
    const condIndex = new Map<string, number>();
    const condIds: number[] = [];
    /** Per rank: its index entry and confidence bounds. */
    const records: number[][] = [];
    const recordBounds: [number, number][] = [];
    const buckets: number[][] = [[]];
    const places = new Map<RuleField, Map<string, number>>();
    this.ranked.forEach((r, rank) => {
      const k = indexKeysOf(r.spec.when);
      if (!k.place && !k.type && !k.status) this.residualCount++;
      // Cheap conditions first: a rule stops at the first that fails (same verdict, less work).
      const rest = k.conjuncts.filter((c) => !k.implied.includes(c)).map((c, i) => ({ c, i, cost: conditionCost(c) }));
      rest.sort((x, y) => x.cost - y.cost || x.i - y.i);
      const ids: number[] = [];
      for (const { c } of rest) {
        const key = canonical(c);
        let id = condIndex.get(key);
        if (id === undefined) {
          id = this.condTests.length;
          condIndex.set(key, id);
          this.condTests.push(compileCondition(c).test);
        }
        ids.push(id);
      }
      const inline = Array.from({ length: INLINE_CONDS }, (_, i) => ids[i] ?? 0);
      records.push([rank, maskOf(k.type, TYPE_BIT), maskOf(k.status, STATUS_BIT), ids.length, ...inline, condIds.length]);
      recordBounds.push(k.confidence ?? [-Infinity, Infinity]);
      condIds.push(...ids.slice(INLINE_CONDS));
      if (!k.place) buckets[0]!.push(rank);
      for (const p of k.place ?? []) {
        const eq = p.indexOf('=');
        const field = p.slice(0, eq) as RuleField;
        const value = p.slice(eq + 1);
        let byValue = places.get(field);
        if (!byValue) places.set(field, (byValue = new Map()));
        let b = byValue.get(value);
        if (b === undefined) byValue.set(value, (b = buckets.push([]) - 1));
        buckets[b]!.push(rank);
      }
    });
    this.condIds = Int32Array.from(condIds);
    this.condEpoch = new Int32Array(this.condTests.length);
    this.condValue = new Uint8Array(this.condTests.length);
    this.bucketFrom = new Int32Array(buckets.length + 1);
    let total = 0;
    buckets.forEach((ranks, b) => (this.bucketFrom[b + 1] = total += ranks.length));
    this.entries = new Int32Array(total * ENTRY);
    this.bounds = new Float64Array(total * 2);
    let at = 0;
    for (const ranks of buckets) {
      for (const rank of ranks) {
        this.entries.set(records[rank]!, ENTRY * at);
        this.bounds.set(recordBounds[rank]!, 2 * at++);
      }
    }
    for (const f of PLACE_FIELDS) {
      const byValue = places.get(f);
      if (!byValue) continue;
      this.placeFields.push(f);
      this.placeIndex.push(byValue);
      this.placeMemo.push(new Map());
    }
  }

  /** Compiles and indexes rules given in order (ordinal = position). */
  static compile(rules: readonly RuleInput[]): RuleSet {
    return new RuleSet(rules.map((r, i) => compileRule(r, i)));
  }

  get size(): number {
    return this.rules.length;
  }

  get(id: string): CompiledRule | undefined {
    return this.byId.get(id);
  }

  stats(): RuleSetStats {
    return { rules: this.rules.length, enabled: this.ranked.length, residual: this.residualCount, conditions: this.condTests.length };
  }

  /** Conditions evaluated so far by match(): each distinct condition counts once per event. */
  get conditionsEvaluated(): number {
    return this.evaluations;
  }

  /** The enabled rules that could match the event (a superset of the matches: index and masks agree), in rule order. */
  candidates(ctx: EventContext): CompiledRule[] {
    return this.collect(ctx, false);
  }

  /** The enabled rules the event matches, in rule order. */
  match(event: WatchfireEvent | EventContext): CompiledRule[] {
    return this.collect(event instanceof EventContext ? event : new EventContext(event), true);
  }

  private collect(ctx: EventContext, evaluate: boolean): CompiledRule[] {
    const typeBit = TYPE_BIT.get(ctx.value('type') as string) ?? 0;
    const statusBit = STATUS_BIT.get(ctx.value('status') as string) ?? 0;
    const c = ctx.value('confidence');
    const confidence = typeof c === 'number' ? c : NaN;
    if (evaluate && ++this.epoch === 0x7fffffff) {
      this.condEpoch.fill(0);
      this.epoch = 1;
    }
    let n = 0;
    let lists = 0;
    for (let i = 0; i < this.placeFields.length; i++) {
      const b = this.placeBucket(i, ctx);
      if (b < 0) continue;
      const before = n;
      n = this.scan(b, typeBit, statusBit, confidence, ctx, evaluate, n);
      if (n > before) lists++;
    }
    const before = n;
    n = this.scan(0, typeBit, statusBit, confidence, ctx, evaluate, n);
    if (n > before) lists++;
    const out = this.scratch;
    // Each bucket is in rank order; when several contributed, put the ranks back in order
    // (insertion sort for the usual handful, the built-in numeric sort beyond).
    if (lists > 1 && n > 32) out.subarray(0, n).sort();
    else if (lists > 1) {
      for (let i = 1; i < n; i++) {
        const x = out[i]!;
        let j = i - 1;
        while (j >= 0 && out[j]! > x) {
          out[j + 1] = out[j]!;
          j--;
        }
        out[j + 1] = x;
      }
    }
    const result: CompiledRule[] = new Array(n);
    for (let i = 0; i < n; i++) result[i] = this.ranked[out[i]!]!;
    return result;
  }

  /**
   * The bucket filed under the event's value of the i-th place field, or -1. Looked up by the raw
   * value through a memo, so the hot path does not normalise the same gazetteer names again.
   */
  private placeBucket(i: number, ctx: EventContext): number {
    const raw = ctx.raw(this.placeFields[i]!);
    if (typeof raw !== 'string') return -1;
    const memo = this.placeMemo[i]!;
    let b = memo.get(raw);
    if (b === undefined) {
      b = this.placeIndex[i]!.get(normString(raw)) ?? -1;
      if (memo.size >= PLACE_MEMO_SIZE) memo.clear();
      memo.set(raw, b);
    }
    return b;
  }

  /** Appends to scratch the bucket's ranks whose masks and confidence bounds admit the event (and, when evaluating, whose conditions hold). */
  private scan(bucket: number, typeBit: number, statusBit: number, confidence: number, ctx: EventContext, evaluate: boolean, n: number): number {
    const out = this.scratch;
    const e = this.entries;
    const b = this.bounds;
    const from = this.bucketFrom[bucket]!;
    const to = this.bucketFrom[bucket + 1]!;
    for (let k = from, at = ENTRY * from; k < to; k++, at += ENTRY) {
      if ((e[at + 1]! & typeBit) === 0 || (e[at + 2]! & statusBit) === 0) continue;
      // Written so that an event without a confidence (NaN) fails bounded rules only.
      const min = b[2 * k]!;
      const max = b[2 * k + 1]!;
      if ((min !== -Infinity && !(confidence >= min)) || (max !== Infinity && !(confidence <= max))) continue;
      if (!evaluate || this.holds(at, ctx)) out[n++] = e[at]!;
    }
    return n;
  }

  /** Whether all conditions of the entry at `at` hold, each distinct condition evaluated once per event. */
  private holds(at: number, ctx: EventContext): boolean {
    const e = this.entries;
    const count = e[at + 3]!;
    for (let i = 0; i < count; i++) {
      const id = i < INLINE_CONDS ? e[at + 4 + i]! : this.condIds[e[at + 4 + INLINE_CONDS]! + i - INLINE_CONDS]!;
      if (this.condEpoch[id] !== this.epoch) {
        this.evaluations++;
        this.condValue[id] = this.condTests[id]!(ctx) ? 1 : 0;
        this.condEpoch[id] = this.epoch;
      }
      if (this.condValue[id] === 0) return false;
    }
    return true;
  }

  /** The baseline the index is measured against: every enabled rule on every event. */
  matchNaive(event: WatchfireEvent | EventContext): CompiledRule[] {
    const ctx = event instanceof EventContext ? event : new EventContext(event);
    const out: CompiledRule[] = [];
    for (const r of this.rules) if (r.enabled && r.test(ctx)) out.push(r);
    return out;
  }

  /**
   * Dry run: the rules the event matches with the conditions that decided, and (with
   * `all`) the enabled rules it does not match with the condition that failed.
   */
  explain(event: WatchfireEvent, opts: { all?: boolean } = {}): { rule: CompiledRule; explanation: Explanation }[] {
    const ctx = new EventContext(event);
    const pool = opts.all ? this.ranked : this.candidates(ctx);
    return pool.map((rule) => ({ rule, explanation: rule.explain(ctx) })).filter((x) => opts.all || x.explanation.matched);
  }
}
