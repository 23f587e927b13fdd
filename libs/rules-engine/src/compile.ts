import type { Condition, RuleField, RuleSpec, Severity } from '@watchfire/contracts';
import { type EventContext, FIELD_INDEX } from './context';
import { parseDuration } from './duration';
import { normValue } from './fields';
import { literalSet } from './literal-pattern';
import { compilePattern } from './regex';
import { compilePhrase, compilePhrases } from './text';

/** One leaf condition's verdict, for people: `when.all.1: location.neighbor "Iran" in ["Iran"]`. */
export interface Reason {
  path: string;
  /** Whether the leaf condition held (before any enclosing `not`). */
  held: boolean;
  text: string;
}

export interface Verdict {
  ok: boolean;
  reasons: Reason[];
}

interface Node {
  test: (ctx: EventContext) => boolean;
  explain: (ctx: EventContext) => Verdict;
}

export interface CompiledThreshold {
  count: number;
  withinMs: number;
  within: string;
  distinct?: RuleField;
}

/** A rule ready to run: `test` is the fast path, `explain` says which conditions decided. */
export interface CompiledRule {
  id: string;
  name: string;
  severity: Severity;
  enabled: boolean;
  /** Position in the rule set (evaluation and report order). */
  ordinal: number;
  spec: RuleSpec;
  threshold?: CompiledThreshold;
  realertMs?: number;
  groupWindowMs?: number;
  test(ctx: EventContext): boolean;
  explain(ctx: EventContext): Explanation;
}

export interface Explanation {
  matched: boolean;
  /** The conditions that decided, as `path: text` lines: for a match every leaf that held, otherwise the one that failed. */
  because: string[];
  reasons: Reason[];
}

const q = (v: unknown) => JSON.stringify(v);
const list = (vs: readonly unknown[]) => `[${vs.map(q).join(', ')}]`;
const show = (raw: unknown) => (raw === undefined ? '(missing)' : q(raw));

function fieldNode(c: Condition, path: string): Node {
  const field = c.field!;
  const checks: { test: (v: string | number | undefined) => boolean; describe: (ok: boolean) => string }[] =
    [];
  if (c.in !== undefined) {
    const set = new Set(c.in.map(normValue));
    const one = set.size === 1 ? [...set][0] : undefined;
    checks.push({
      test: one !== undefined ? (v) => v === one : (v) => v !== undefined && set.has(v),
      describe: (ok) => `${ok ? 'in' : 'not in'} ${list(c.in!)}`,
    });
  }
  if (c.eq !== undefined) {
    const want = normValue(c.eq);
    checks.push({ test: (v) => v === want, describe: (ok) => `${ok ? '=' : '≠'} ${q(c.eq)}` });
  }
  if (c.gte !== undefined) {
    const min = c.gte;
    checks.push({
      test: (v) => typeof v === 'number' && v >= min,
      describe: (ok) => `${ok ? '>=' : '<'} ${min}`,
    });
  }
  if (c.lte !== undefined) {
    const max = c.lte;
    checks.push({
      test: (v) => typeof v === 'number' && v <= max,
      describe: (ok) => `${ok ? '<=' : '>'} ${max}`,
    });
  }
  if (c.exists !== undefined) {
    const want = c.exists;
    checks.push({
      test: (v) => (v !== undefined && v !== '') === want,
      describe: (ok) => (ok === want ? 'exists' : 'is missing'),
    });
  }
  const slot = FIELD_INDEX[field];
  const test =
    checks.length === 1
      ? (
          (t) => (ctx: EventContext) =>
            t(ctx.valueAt(slot))
        )(checks[0].test)
      : (ctx: EventContext) => {
          const v = ctx.valueAt(slot);
          for (const ch of checks) if (!ch.test(v)) return false;
          return true;
        };
  return {
    test,
    explain: (ctx) => {
      const v = ctx.value(field);
      const raw = ctx.raw(field);
      const failing = checks.find((ch) => !ch.test(v));
      const ok = failing === undefined;
      const parts = (ok ? checks : [failing]).map((ch) => ch.describe(ok));
      return { ok, reasons: [{ path, held: ok, text: `${field} ${show(raw)} ${parts.join(' and ')}` }] };
    },
  };
}

const patternMemoKeys = new WeakMap<object, Record<'evidence' | 'report' | 'title', object>>();

function textNode(c: Condition, path: string): Node {
  const kind = c.text!;
  if (c.contains !== undefined) {
    const phrases = c.contains
      .map((p) => ({ source: p, phrase: compilePhrase(p) }))
      .filter((p) => p.phrase.key !== '');
    const search = compilePhrases(c.contains);
    return {
      test: (ctx) => ctx.text(kind).hasAny(search),
      explain: (ctx) => {
        const t = ctx.text(kind);
        const hit = phrases.find((p) => t.hasPhrase(p.phrase));
        const text = hit
          ? `${kind} contains ${q(hit.source)}`
          : `${kind} contains none of ${list(c.contains!)}${t.scanNote()}`;
        return { ok: !!hit, reasons: [{ path, held: !!hit, text }] };
      },
    };
  }
  const compiled = compilePattern(c.matches!);
  if (!compiled.ok) throw new Error(`${path}.matches: ${compiled.error}`);
  const re = compiled.re;
  // Keyword patterns skip the crossing into WebAssembly (literal-pattern.ts); explain still asks RE2.
  const literals = literalSet(c.matches!);
  // One memo key per (pattern object, text kind); identical patterns share one RE2 object.
  const memoKeys = (patternMemoKeys.get(re) ??
    patternMemoKeys.set(re, { evidence: {}, report: {}, title: {} }).get(re))!;
  return {
    test: (ctx) => {
      const memo = ctx.patternResults;
      const key = memoKeys[kind];
      let hit = memo.get(key);
      if (hit === undefined) {
        const text = ctx.text(kind).text;
        hit = literals ? literals.regex.test(text) : re.test(text);
        memo.set(key, hit);
      }
      return hit;
    },
    explain: (ctx) => {
      const t = ctx.text(kind);
      re.lastIndex = 0;
      const m = re.exec(t.text);
      const snippet = m ? (m[0] ?? '').slice(0, 80) : '';
      const text = m
        ? `${kind} matches /${c.matches}/ at ${q(snippet)}`
        : `${kind} does not match /${c.matches}/${t.scanNote()}`;
      return { ok: !!m, reasons: [{ path, held: !!m, text }] };
    },
  };
}

/** Rough evaluation cost: field tests are cheap, phrase search needs the folded text, patterns cross into WebAssembly. */
export function conditionCost(c: Condition): number {
  if (c.field !== undefined) return 1;
  if (c.text !== undefined) return c.matches !== undefined ? 100 : 10;
  if (c.not !== undefined) return conditionCost(c.not);
  return (c.all ?? c.any ?? []).reduce((s, k) => s + conditionCost(k), 0);
}

function byCost(conds: Condition[], kids: Node[]): ((ctx: EventContext) => boolean)[] {
  return conds
    .map((c, i) => ({ c: conditionCost(c), i }))
    .sort((a, b) => a.c - b.c || a.i - b.i)
    .map((x) => kids[x.i].test);
}

export function compileCondition(c: Condition, path = 'when'): Node {
  if (c.field !== undefined) return fieldNode(c, path);
  if (c.text !== undefined) return textNode(c, path);
  if (c.all !== undefined) {
    const kids = c.all.map((k, i) => compileCondition(k, `${path}.all.${i}`));
    // The fast path runs cheap conditions first (same verdict, less work); explain keeps the written order.
    const tests = byCost(c.all, kids);
    return {
      test:
        tests.length === 1
          ? tests[0]
          : tests.length === 2
            ? (
                (a, b) => (ctx: EventContext) =>
                  a(ctx) && b(ctx)
              )(tests[0], tests[1])
            : (ctx) => {
                for (let i = 0; i < tests.length; i++) if (!tests[i](ctx)) return false;
                return true;
              },
      explain: (ctx) => {
        const reasons: Reason[] = [];
        for (const k of kids) {
          const v = k.explain(ctx);
          if (!v.ok) return v;
          reasons.push(...v.reasons);
        }
        return { ok: true, reasons };
      },
    };
  }
  if (c.any !== undefined) {
    const kids = c.any.map((k, i) => compileCondition(k, `${path}.any.${i}`));
    const tests = byCost(c.any, kids);
    return {
      test: (ctx) => {
        for (let i = 0; i < tests.length; i++) if (tests[i](ctx)) return true;
        return false;
      },
      explain: (ctx) => {
        const reasons: Reason[] = [];
        for (const k of kids) {
          const v = k.explain(ctx);
          if (v.ok) return v;
          reasons.push(...v.reasons);
        }
        return { ok: false, reasons };
      },
    };
  }
  if (c.not !== undefined) {
    const kid = compileCondition(c.not, `${path}.not`);
    return {
      test: (ctx) => !kid.test(ctx),
      explain: (ctx) => {
        const v = kid.explain(ctx);
        // The leaf texts state the facts (`status "claimed" ≠ "denied"`); the path's `.not` says how they count.
        return { ok: !v.ok, reasons: v.reasons };
      },
    };
  }
  throw new Error(`${path}: a condition needs one of field, text, all, any, not`);
}

export interface RuleInput extends RuleSpec {
  id: string;
}

/** Compiles a rule that passed validateRule (throws on a pattern RE2 refuses). */
export function compileRule(rule: RuleInput, ordinal = 0): CompiledRule {
  const node = compileCondition(rule.when, 'when');
  const t = rule.threshold;
  return {
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    enabled: rule.enabled !== false,
    ordinal,
    spec: rule,
    ...(t
      ? {
          threshold: {
            count: t.count,
            within: t.within,
            withinMs: parseDuration(t.within),
            ...(t.distinct ? { distinct: t.distinct } : {}),
          },
        }
      : {}),
    ...(rule.realert ? { realertMs: parseDuration(rule.realert) } : {}),
    ...(rule.groupWindow ? { groupWindowMs: parseDuration(rule.groupWindow) } : {}),
    test: node.test,
    explain: (ctx) => {
      const v = node.explain(ctx);
      return { matched: v.ok, reasons: v.reasons, because: v.reasons.map((r) => `${r.path}: ${r.text}`) };
    },
  };
}
