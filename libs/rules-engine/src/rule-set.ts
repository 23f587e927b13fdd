import {
  type Condition,
  EVENT_STATUSES,
  EVENT_TYPES,
  normalizeName,
  type RuleField,
  type WatchfireEvent,
} from '@watchfire/contracts';
import {
  compileCondition,
  conditionCost,
  type CompiledRule,
  compileRule,
  type Explanation,
  type RuleInput,
} from './compile';
import { EventContext, FIELD_INDEX } from './context';
import { normValue } from './fields';
import { ENGINE_LIMITS } from './limits';

/** Place fields, most selective first: a rule is indexed under the first of these it constrains. */
const PLACE_FIELDS = [
  'location.id',
  'location.name',
  'location.province',
  'location.neighbor',
  'location.country',
] as const satisfies readonly RuleField[];

/** Fields every event carries, with a closed set of values. */
const CLOSED_DOMAINS: Partial<Record<RuleField, readonly string[]>> = {
  type: EVENT_TYPES,
  status: EVENT_STATUSES,
};

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
      return domain
        ? { field: inner!.field, values: new Set(domain.filter((v) => !inner!.values.has(v))), pure: true }
        : null;
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
    if (
      c.field === 'confidence' &&
      c.in === undefined &&
      c.eq === undefined &&
      c.exists === undefined &&
      (c.gte !== undefined || c.lte !== undefined)
    ) {
      const [min, max] = confidence ?? [-Infinity, Infinity];
      confidence = [Math.max(min, c.gte ?? -Infinity), Math.min(max, c.lte ?? Infinity)];
      ranges.push(c);
      return;
    }
    const direct = valuesOf(c);
    if (direct) return add(direct.field, direct.values, c, direct.pure);
    if (c.any) {
      const parts = c.any.map(valuesOf);
      if (parts.every((p) => p !== null) && parts.every((p) => p.field === parts[0].field)) {
        add(
          parts[0].field,
          new Set(parts.flatMap((p) => [...p.values])),
          c,
          parts.every((p) => p.pure),
        );
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
/**
 * Int32s per index entry: rank, type mask, status mask, number of conditions, the first
 * INLINE_CONDS condition ids, and where the rest start in condIds. Most rules have at most three
 * conditions left after the index, so testing one reads a single run of memory.
 */
const INLINE_CONDS = 3;
const ENTRY = 5 + INLINE_CONDS;
/**
 * A candidate's slot in the arena (doubles): rank, number of conditions, the first INLINE_CONDS
 * condition ids, where the rest start in condIds, min and max confidence — an index entry without
 * its masks (candidate lists are filtered by them) and with its bounds: one cache line.
 */
const SLOT = 4 + INLINE_CONDS + 1;
const bitsOf = (values: readonly string[]) => new Map(values.map((v, i) => [v, 1 << i]));
const TYPE_BIT = bitsOf(EVENT_TYPES);
const STATUS_BIT = bitsOf(EVENT_STATUSES);
const TYPE_NO = new Map(EVENT_TYPES.map((v, i) => [v as string, i]));
const STATUS_NO = new Map(EVENT_STATUSES.map((v, i) => [v as string, i]));
/** (type, status) combinations: candidate lists are kept per combination, already filtered by the masks. */
const STATUS_COUNT = EVENT_STATUSES.length;
const COMBOS = EVENT_TYPES.length * STATUS_COUNT;
const maskOf = (values: string[] | null, bits: Map<string, number>) =>
  values ? values.reduce((m, v) => m | (bits.get(v) ?? 0), 0) : ANY;
/** Bounds on what is remembered about places (events name gazetteer places, a bounded set; cleared when full). */
const PLACES_MAX = 50_000;
const PLACE_LIST_ENTRIES_MAX = 1_000_000;

/**
 * A place as events name it: the raw values of the place fields rules are filed under besides
 * location.id, its key (an event with the same location.id but other values is another place),
 * the buckets they select, and per (type, status) combination the place rules to try, built on
 * first use.
 */
interface KnownPlace {
  name: string | undefined;
  province: string | undefined;
  neighbor: string | undefined;
  country: string | undefined;
  buckets: number[];
  /** Per combination: where its list starts in the arena and its length; -1 = not built yet. */
  lists: Int32Array;
}

/** A condition's identity for sharing: the same condition written with keys in another order is the same condition. */
function canonical(c: unknown): string {
  if (Array.isArray(c)) return `[${c.map(canonical).join(',')}]`;
  if (c !== null && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(c);
}

/**
 * An immutable, indexed set of rules.
 *
 * Index: rules that name places are filed under their place values (the most selective place
 * field they constrain); the rest ("broad" rules) sit in bucket 0. Type and status constraints are
 * bit masks. An event's candidates are the broad rules plus the rules filed under its place values
 * (at most one bucket per place field), admitted by the masks: the work grows with the rules that
 * could match it, not with all rules. Events come in few kinds (a place, a type, a status), so the
 * candidates of each kind are kept as one list, filtered by the masks and in rule order, built the
 * first time such an event comes: the usual event reads two short runs of memory.
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
  /** Per place field some rule is filed under: its context slot, and normalised value -> bucket. */
  private readonly placeSlots: number[] = [];
  /** Which place fields besides location.id rules are filed under: only those tell places with one id apart. */
  private readonly filedBy = { name: false, province: false, neighbor: false, country: false };
  private readonly placeIndex: Map<string, number>[] = [];
  private readonly scratch: Int32Array;
  private residualCount = 0;
  /**
   * Candidate lists: the rules one kind of event must try, in rank order, already filtered by the
   * type and status masks, SLOT doubles per rule — all in one array, so reading a list is one run
   * of memory. First the broad rules per (type, status) combination (broadLists: start, length),
   * then the place lists built as events come (cleared with the places).
   */
  private arena = new Float64Array(1024);
  private arenaUsed = 0;
  private broadEnd = 0;
  private readonly broadLists = new Int32Array(2 * COMBOS);
  /**
   * Places seen in events, by raw location.id (the hot path neither normalises nor looks up each
   * place field again), bounded by PLACES_MAX places and PLACE_LIST_ENTRIES_MAX list entries
   * (cleared when full).
   */
  private readonly places = new Map<string, KnownPlace>();

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
      const rest = k.conjuncts
        .filter((c) => !k.implied.includes(c))
        .map((c, i) => ({ c, i, cost: conditionCost(c) }));
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
      records.push([
        rank,
        maskOf(k.type, TYPE_BIT),
        maskOf(k.status, STATUS_BIT),
        ids.length,
        ...inline,
        condIds.length,
      ]);
      recordBounds.push(k.confidence ?? [-Infinity, Infinity]);
      condIds.push(...ids.slice(INLINE_CONDS));
      if (!k.place) buckets[0].push(rank);
      for (const p of k.place ?? []) {
        const eq = p.indexOf('=');
        const field = p.slice(0, eq) as RuleField;
        const value = p.slice(eq + 1);
        let byValue = places.get(field);
        if (!byValue) places.set(field, (byValue = new Map<string, number>()));
        let b = byValue.get(value);
        if (b === undefined) byValue.set(value, (b = buckets.push([]) - 1));
        buckets[b].push(rank);
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
        this.entries.set(records[rank], ENTRY * at);
        this.bounds.set(recordBounds[rank], 2 * at++);
      }
    }
    for (const f of PLACE_FIELDS) {
      const byValue = places.get(f);
      if (!byValue) continue;
      this.placeSlots.push(FIELD_INDEX[f]);
      if (f !== 'location.id') this.filedBy[f.slice('location.'.length) as keyof typeof this.filedBy] = true;
      this.placeIndex.push(byValue);
    }
    for (let combo = 0; combo < COMBOS; combo++) {
      this.broadLists[2 * combo] = this.arenaUsed;
      this.broadLists[2 * combo + 1] = this.candidateList([0], combo);
    }
    this.broadEnd = this.arenaUsed;
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
    return {
      rules: this.rules.length,
      enabled: this.ranked.length,
      residual: this.residualCount,
      conditions: this.condTests.length,
    };
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
    // Events carry a valid type and status (EventSchema); without one no mask admits a rule.
    const typeNo = TYPE_NO.get(ctx.event.type) ?? TYPE_NO.get(ctx.value('type') as string);
    const statusNo = STATUS_NO.get(ctx.event.status) ?? STATUS_NO.get(ctx.value('status') as string);
    if (typeNo === undefined || statusNo === undefined) return [];
    const combo = typeNo * STATUS_COUNT + statusNo;
    const c = ctx.event.confidence;
    const confidence = typeof c === 'number' ? c : NaN;
    if (evaluate && ++this.epoch === 0x7fffffff) {
      this.condEpoch.fill(0);
      this.epoch = 1;
    }
    const broad = this.scan(
      this.broadLists[2 * combo],
      this.broadLists[2 * combo + 1],
      confidence,
      ctx,
      evaluate,
      0,
    );
    let n = broad;
    if (this.placeSlots.length > 0) {
      const lists = this.placeListsFor(ctx, combo);
      n = this.scan(lists[2 * combo], lists[2 * combo + 1], confidence, ctx, evaluate, broad);
    }
    const out = this.scratch;
    // Two runs, each in rank order: the broad rules [0, broad) and the place rules [broad, n).
    const result = new Array<CompiledRule>(n);
    const ranked = this.ranked;
    let i = 0;
    let j = broad;
    let k = 0;
    while (i < broad && j < n) result[k++] = ranked[out[out[i] < out[j] ? i++ : j++]]!;
    while (i < broad) result[k++] = ranked[out[i++]]!;
    while (j < n) result[k++] = ranked[out[j++]]!;
    return result;
  }

  /** The place lists of the event's place, with the one for this combination built. */
  private placeListsFor(ctx: EventContext, combo: number): Int32Array {
    const id = ctx.event.location.id;
    let place = this.places.get(id);
    if (place === undefined || !this.isSamePlace(place, ctx.event.location)) place = this.learnPlace(id, ctx);
    if (place.lists[2 * combo] < 0) {
      place.lists[2 * combo] = this.arenaUsed;
      place.lists[2 * combo + 1] = this.candidateList(place.buckets, combo);
    }
    return place.lists;
  }

  private isSamePlace(place: KnownPlace, loc: WatchfireEvent['location']): boolean {
    // Plain property reads, not the generic field getters: this runs for every event.
    const f = this.filedBy;
    return (
      (!f.name || loc.name === place.name) &&
      (!f.province || loc.province === place.province) &&
      (!f.neighbor || loc.neighbor === place.neighbor) &&
      (!f.country || loc.country === place.country)
    );
  }

  private learnPlace(id: string, ctx: EventContext): KnownPlace {
    if (this.places.size >= PLACES_MAX || this.arenaUsed - this.broadEnd > SLOT * PLACE_LIST_ENTRIES_MAX) {
      this.places.clear();
      this.arenaUsed = this.broadEnd;
    }
    const buckets: number[] = [];
    this.placeSlots.forEach((slot, i) => {
      const v = ctx.rawAt(slot);
      const b = typeof v === 'string' ? this.placeIndex[i].get(normalizeName(v)) : undefined;
      if (b !== undefined) buckets.push(b);
    });
    const loc = ctx.event.location;
    const place: KnownPlace = {
      name: loc.name,
      province: loc.province,
      neighbor: loc.neighbor,
      country: loc.country,
      buckets,
      lists: new Int32Array(2 * COMBOS).fill(-1),
    };
    this.places.set(id, place);
    return place;
  }

  /** Appends to the arena the entries of the given buckets that the combination's type and status admit, in rank order; returns how many. */
  private candidateList(buckets: number[], combo: number): number {
    const typeBit = 1 << Math.floor(combo / STATUS_COUNT);
    const statusBit = 1 << (combo % STATUS_COUNT);
    const e = this.entries;
    const admitted: number[] = [];
    for (const b of buckets) {
      for (let k = this.bucketFrom[b]; k < this.bucketFrom[b + 1]; k++) {
        if ((e[ENTRY * k + 1] & typeBit) !== 0 && (e[ENTRY * k + 2] & statusBit) !== 0) admitted.push(k);
      }
    }
    // A rule is filed under one place field only, so buckets of different fields share no rule.
    if (buckets.length > 1) admitted.sort((x, y) => e[ENTRY * x] - e[ENTRY * y]);
    if (this.arenaUsed + admitted.length * SLOT > this.arena.length) {
      const grown = new Float64Array(
        Math.max(2 * this.arena.length, this.arenaUsed + admitted.length * SLOT),
      );
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    const a = this.arena;
    for (const k of admitted) {
      const at = this.arenaUsed;
      a[at] = e[ENTRY * k]!;
      for (let i = 3; i < ENTRY; i++) a[at + i - 2] = e[ENTRY * k + i]!;
      a[at + SLOT - 2] = this.bounds[2 * k]!;
      a[at + SLOT - 1] = this.bounds[2 * k + 1]!;
      this.arenaUsed += SLOT;
    }
    return admitted.length;
  }

  /** Appends to scratch the ranks of the list whose confidence bounds admit the event (and, when evaluating, whose conditions hold). */
  private scan(
    start: number,
    count: number,
    confidence: number,
    ctx: EventContext,
    evaluate: boolean,
    n: number,
  ): number {
    const out = this.scratch;
    const a = this.arena;
    for (let k = 0, at = start; k < count; k++, at += SLOT) {
      // Written so that an event without a confidence (NaN) fails bounded rules only.
      const min = a[at + SLOT - 2];
      const max = a[at + SLOT - 1];
      if ((min !== -Infinity && !(confidence >= min)) || (max !== Infinity && !(confidence <= max))) continue;
      if (!evaluate || this.holds(at, ctx)) out[n++] = a[at]!;
    }
    return n;
  }

  /** Whether all conditions of the slot at `at` hold, each distinct condition evaluated once per event. */
  private holds(at: number, ctx: EventContext): boolean {
    const a = this.arena;
    const count = a[at + 1];
    for (let i = 0; i < count; i++) {
      const id = i < INLINE_CONDS ? a[at + 2 + i] : this.condIds[a[at + 2 + INLINE_CONDS] + i - INLINE_CONDS];
      if (this.condEpoch[id] !== this.epoch) {
        this.evaluations++;
        this.condValue[id] = this.condTests[id](ctx) ? 1 : 0;
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
  explain(
    event: WatchfireEvent,
    opts: { all?: boolean } = {},
  ): { rule: CompiledRule; explanation: Explanation }[] {
    const ctx = new EventContext(event);
    const pool = opts.all ? this.ranked : this.candidates(ctx);
    return pool
      .map((rule) => ({ rule, explanation: rule.explain(ctx) }))
      .filter((x) => opts.all || x.explanation.matched);
  }
}
