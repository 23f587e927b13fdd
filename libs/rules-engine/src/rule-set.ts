import type { Condition, RuleField, WatchfireEvent } from '@watchfire/contracts';
import { compileCondition, type CompiledRule, compileRule, type Explanation, type RuleInput } from './compile';
import { EventContext } from './context';
import { normValue } from './fields';
import { ENGINE_LIMITS } from './limits';

/** Place fields, most selective first: a rule is indexed under the first of these it constrains. */
const PLACE_FIELDS = ['location.id', 'location.name', 'location.province', 'location.neighbor', 'location.country'] as const satisfies readonly RuleField[];
const ANY = '*';

export interface IndexKeys {
  place: string[] | null;
  type: string[] | null;
  status: string[] | null;
  /** The top-level conjuncts (nested `all`s flattened). */
  conjuncts: Condition[];
  /** Conjuncts that finding the rule in its index bucket already proves (pure in/eq on an indexed dimension). */
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
  const visit = (c: Condition) => {
    if (c.all) return c.all.forEach(visit);
    conjuncts.push(c);
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
    conjuncts,
    implied: [],
  };
  // A rule must not occupy too many index entries: drop the least selective dimensions first.
  const size = () => (keys.place?.length ?? 1) * (keys.type?.length ?? 1) * (keys.status?.length ?? 1);
  if (size() > ENGINE_LIMITS.indexEntriesPerRule) keys.status = null;
  if (size() > ENGINE_LIMITS.indexEntriesPerRule) keys.type = null;
  if (size() > ENGINE_LIMITS.indexEntriesPerRule) keys.place = null;
  keys.implied = [
    ...(keys.place && placeField ? (pure.get(placeField) ?? []) : []),
    ...(keys.type ? (pure.get('type') ?? []) : []),
    ...(keys.status ? (pure.get('status') ?? []) : []),
  ];
  return keys;
}

export interface RuleMatch {
  rule: CompiledRule;
}

export interface RuleSetStats {
  rules: number;
  enabled: number;
  /** Enabled rules that every event must try (no place, type or status constraint). */
  residual: number;
}

/**
 * An immutable, indexed set of rules. Rules are indexed by (place, type, status) as a three-level
 * map with `*` for "any"; an event looks up at most 6 x 2 x 2 buckets and runs only the rules in
 * them, so the cost per event grows with the rules that could match it, not with all rules.
 */
/** A rule in a bucket, with the test of what its bucket does not already prove. */
interface Entry {
  rule: CompiledRule;
  test: (ctx: EventContext) => boolean;
}
type Bucket = Entry[];
type StatusLevel = Map<string, Bucket>;
type TypeLevel = Map<string, StatusLevel>;

export class RuleSet {
  readonly rules: readonly CompiledRule[];
  private readonly byId = new Map<string, CompiledRule>();
  /** place field -> normalised value -> type -> status -> rules; `*` = no constraint. */
  private readonly byPlace = new Map<string, Map<string, TypeLevel>>();
  private readonly anyPlace: TypeLevel = new Map();
  private residualCount = 0;

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    for (const r of rules) {
      this.byId.set(r.id, r);
      if (!r.enabled) continue;
      const k = indexKeysOf(r.spec.when);
      if (!k.place && !k.type && !k.status) this.residualCount++;
      const rest = k.conjuncts.filter((c) => !k.implied.includes(c));
      const entry: Entry = {
        rule: r,
        test: k.implied.length === 0 ? r.test : rest.length === 0 ? () => true : compileCondition(rest.length === 1 ? rest[0]! : { all: rest }).test,
      };
      const levels: TypeLevel[] = [];
      if (!k.place) levels.push(this.anyPlace);
      else {
        for (const p of k.place) {
          const eq = p.indexOf('=');
          const field = p.slice(0, eq);
          const value = p.slice(eq + 1);
          let byValue = this.byPlace.get(field);
          if (!byValue) this.byPlace.set(field, (byValue = new Map()));
          let l2 = byValue.get(value);
          if (!l2) byValue.set(value, (l2 = new Map()));
          levels.push(l2);
        }
      }
      for (const l2 of levels) {
        for (const t of k.type ?? [ANY]) {
          let l3 = l2.get(t);
          if (!l3) l2.set(t, (l3 = new Map()));
          for (const s of k.status ?? [ANY]) {
            const bucket = l3.get(s);
            if (bucket) bucket.push(entry);
            else l3.set(s, [entry]);
          }
        }
      }
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
    return { rules: this.rules.length, enabled: this.rules.filter((r) => r.enabled).length, residual: this.residualCount };
  }

  /** The enabled rules that could match the event (a superset of the matches), in rule order. */
  candidates(ctx: EventContext): CompiledRule[] {
    return this.entries(ctx).map((e) => e.rule);
  }

  private entries(ctx: EventContext): Entry[] {
    const out: Entry[] = [];
    const type = ctx.value('type') as string;
    const status = ctx.value('status') as string;
    let buckets = 0;
    const take = (b: Bucket | undefined) => {
      if (!b) return;
      buckets++;
      for (let i = 0; i < b.length; i++) out.push(b[i]!);
    };
    const visit = (l2: TypeLevel | undefined) => {
      if (!l2) return;
      let l3 = l2.get(type);
      if (l3) {
        take(l3.get(status));
        take(l3.get(ANY));
      }
      l3 = l2.get(ANY);
      if (l3) {
        take(l3.get(status));
        take(l3.get(ANY));
      }
    };
    for (const [field, byValue] of this.byPlace) {
      const v = ctx.value(field as RuleField);
      if (typeof v === 'string') visit(byValue.get(v));
    }
    visit(this.anyPlace);
    // Each bucket is in rule order; merge only when several contributed.
    if (buckets > 1) out.sort((a, b) => a.rule.ordinal - b.rule.ordinal);
    return out;
  }

  /** The enabled rules the event matches, in rule order. */
  match(event: WatchfireEvent | EventContext): CompiledRule[] {
    const ctx = event instanceof EventContext ? event : new EventContext(event);
    const out: CompiledRule[] = [];
    for (const e of this.entries(ctx)) if (e.test(ctx)) out.push(e.rule);
    return out;
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
    const pool = opts.all ? this.rules.filter((r) => r.enabled) : this.candidates(ctx);
    return pool.map((rule) => ({ rule, explanation: rule.explain(ctx) })).filter((x) => opts.all || x.explanation.matched);
  }
}
