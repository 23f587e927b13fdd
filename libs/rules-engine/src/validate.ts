import {
  type Condition,
  type FieldError,
  parseWith,
  type RuleSpec,
  RuleSpecSchema,
} from '@watchfire/contracts';
import { ENUM_FIELDS, NUMERIC_FIELDS } from './fields';
import { ENGINE_LIMITS } from './limits';
import { compilePattern } from './regex';
import { words } from './text';

export type RuleValidation = { ok: true; spec: RuleSpec } | { ok: false; errors: FieldError[] };

/**
 * Everything the zod schema cannot say: every `matches` compiles with RE2 (within the length
 * limit), values fit their field (a number for `confidence`, a known value for `type`/`status`),
 * nesting and size limits, phrases that contain a word. Errors name the path, e.g.
 * `when.all.5.matches: RE2 refused the pattern: missing ]: [`.
 */
export function validateRule(input: unknown): RuleValidation {
  const parsed = parseWith(RuleSpecSchema, input);
  if (!parsed.ok) return parsed;
  const errors = checkSemantics(parsed.value);
  return errors.length ? { ok: false, errors } : { ok: true, spec: parsed.value };
}

export function checkSemantics(spec: RuleSpec): FieldError[] {
  const errors: FieldError[] = [];
  const counts = { nodes: 0, leaves: 0, patterns: 0 };
  walk(spec.when, 'when', 1, counts, errors);
  if (counts.nodes > ENGINE_LIMITS.conditionNodes)
    errors.push({
      path: 'when',
      message: `${counts.nodes} condition nodes; the limit is ${ENGINE_LIMITS.conditionNodes}`,
    });
  if (counts.leaves > ENGINE_LIMITS.conditionLeaves)
    errors.push({
      path: 'when',
      message: `${counts.leaves} field/text conditions; the limit is ${ENGINE_LIMITS.conditionLeaves}`,
    });
  if (counts.patterns > ENGINE_LIMITS.patternsPerRule)
    errors.push({
      path: 'when',
      message: `${counts.patterns} patterns; the limit is ${ENGINE_LIMITS.patternsPerRule} per rule`,
    });
  return errors;
}

function walk(
  c: Condition,
  path: string,
  depth: number,
  counts: { nodes: number; leaves: number; patterns: number },
  errors: FieldError[],
): void {
  counts.nodes++;
  if (depth > ENGINE_LIMITS.conditionDepth) {
    errors.push({
      path,
      message: `conditions nest ${depth} deep; the limit is ${ENGINE_LIMITS.conditionDepth}`,
    });
    return;
  }
  if (c.field !== undefined) {
    counts.leaves++;
    const numeric = NUMERIC_FIELDS.has(c.field);
    const allowed = ENUM_FIELDS[c.field];
    const checkValue = (v: string | number | boolean, at: string) => {
      if (typeof v === 'boolean')
        errors.push({
          path: at,
          message: `${c.field} holds ${numeric ? 'numbers' : 'text'}, not true/false`,
        });
      else if (numeric && typeof v !== 'number')
        errors.push({ path: at, message: `${c.field} is a number: write ${q(v)} without quotes` });
      else if (!numeric && typeof v !== 'string')
        errors.push({ path: at, message: `${c.field} holds text: write "${v}" in quotes` });
      else if (allowed && typeof v === 'string' && !allowed.includes(v))
        errors.push({ path: at, message: `unknown ${c.field} ${q(v)}; one of ${allowed.join(', ')}` });
    };
    c.in?.forEach((v, i) => checkValue(v, `${path}.in.${i}`));
    if (c.eq !== undefined) checkValue(c.eq, `${path}.eq`);
    for (const op of ['gte', 'lte'] as const) {
      if (c[op] !== undefined && !numeric)
        errors.push({
          path: `${path}.${op}`,
          message: `${op} compares numbers; ${c.field} is text (use in or eq)`,
        });
    }
    if (c.gte !== undefined && c.lte !== undefined && c.gte > c.lte)
      errors.push({ path, message: `gte ${c.gte} is above lte ${c.lte}: nothing can match` });
    return;
  }
  if (c.text !== undefined) {
    counts.leaves++;
    c.contains?.forEach((p, i) => {
      if (words(p).length === 0)
        errors.push({
          path: `${path}.contains.${i}`,
          message: 'a phrase needs at least one letter or digit',
        });
    });
    if (c.matches !== undefined) {
      counts.patterns++;
      const r = compilePattern(c.matches);
      if (!r.ok) errors.push({ path: `${path}.matches`, message: r.error });
    }
    return;
  }
  c.all?.forEach((k, i) => walk(k, `${path}.all.${i}`, depth + 1, counts, errors));
  c.any?.forEach((k, i) => walk(k, `${path}.any.${i}`, depth + 1, counts, errors));
  if (c.not) walk(c.not, `${path}.not`, depth + 1, counts, errors);
}

const q = (v: unknown) => JSON.stringify(v);

/** The rule-count limit, as an error for the one rule too many. */
export function checkRuleCount(current: number, adding = 1): FieldError | null {
  return current + adding > ENGINE_LIMITS.maxRules
    ? {
        path: '(root)',
        message: `there are ${current} rules; the limit is ${ENGINE_LIMITS.maxRules} (delete or merge rules first)`,
      }
    : null;
}
