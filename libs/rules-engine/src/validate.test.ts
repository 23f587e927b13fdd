import { describe, expect, it } from 'vitest';
import { RULE_LIMITS } from '@watchfire/contracts';
import { checkRuleCount, DEFAULT_RULES, ENGINE_LIMITS, validateRule } from './index';
import { issueExample } from './testing/fixtures';

const withCondition = (i: number, c: unknown) => {
  const r = structuredClone(issueExample) as any;
  r.when.all[i] = c;
  return r;
};
const errorsOf = (input: unknown) => {
  const r = validateRule(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('validateRule', () => {
  it('accepts the rule shape from the issue and the default rules', () => {
    expect(validateRule(issueExample).ok).toBe(true);
    for (const { id, ...r } of DEFAULT_RULES) expect(errorsOf(r), id).toEqual([]);
  });

  it('names the path of a pattern RE2 refuses, with its reason', () => {
    const errs = errorsOf(withCondition(5, { text: 'report', matches: 'seiz[' }));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^when\.all\.5\.matches: RE2 refused the pattern: missing \]/);
  });

  it('explains lookahead and backreferences, which RE2 does not have', () => {
    expect(errorsOf(withCondition(5, { text: 'report', matches: 'foo(?=bar)' }))[0]).toMatch(
      /when\.all\.5\.matches: .*no lookahead/,
    );
    expect(errorsOf(withCondition(5, { text: 'report', matches: '(a)\\1' }))[0]).toMatch(
      /when\.all\.5\.matches: .*no backreferences/,
    );
    expect(errorsOf(withCondition(5, { text: 'report', matches: '/seized/i' }))[0]).toMatch(
      /without \/slashes\/.*\(\?i\)/,
    );
  });

  it('refuses patterns over the length limit', () => {
    const errs = errorsOf(
      withCondition(5, { text: 'report', matches: 'a'.repeat(RULE_LIMITS.patternChars + 1) }),
    );
    expect(errs[0]).toMatch(/^when\.all\.5\.matches: /);
  });

  it('checks values against their field', () => {
    expect(errorsOf(withCondition(0, { field: 'status', in: ['claimd'] }))).toEqual([
      'when.all.0.in.0: unknown status "claimd"; one of claimed, reported, confirmed, denied',
    ]);
    expect(errorsOf(withCondition(0, { field: 'location.name', gte: 3 }))[0]).toMatch(
      /^when\.all\.0\.gte: gte compares numbers/,
    );
    expect(errorsOf(withCondition(0, { field: 'confidence', eq: '0.5' }))[0]).toMatch(
      /^when\.all\.0\.eq: confidence is a number/,
    );
    expect(errorsOf(withCondition(0, { field: 'actor', in: [true] }))[0]).toMatch(/^when\.all\.0\.in\.0: /);
    expect(errorsOf(withCondition(0, { field: 'confidence', gte: 0.9, lte: 0.1 }))[0]).toMatch(
      /^when\.all\.0: gte 0\.9 is above lte 0\.1/,
    );
    expect(errorsOf(withCondition(4, { text: 'evidence', contains: ['--'] }))[0]).toMatch(
      /^when\.all\.4\.contains\.0: /,
    );
  });

  it('keeps the zod paths for shape errors', () => {
    expect(errorsOf(withCondition(3, { field: 'confidence', gte: 'high' }))).toContain(
      'when.all.3.gte: Invalid input: expected number, received string',
    );
  });

  it('limits nesting depth and the number of conditions', () => {
    let deep: any = { field: 'type', eq: 'provincial_capital_attack' };
    for (let i = 0; i < ENGINE_LIMITS.conditionDepth; i++) deep = { not: deep };
    const errs = errorsOf({ ...issueExample, when: deep });
    expect(errs.some((e) => /nest .* deep; the limit is 8/.test(e))).toBe(true);
    const many = {
      all: Array.from({ length: 4 }, () => ({
        all: Array.from({ length: 20 }, () => ({ field: 'actor', eq: 'x' })),
      })),
    };
    expect(errorsOf({ ...issueExample, when: many })).toContain(
      `when: 80 field/text conditions; the limit is ${ENGINE_LIMITS.conditionLeaves}`,
    );
  });

  it('limits the number of rules', () => {
    expect(checkRuleCount(ENGINE_LIMITS.maxRules - 1)).toBeNull();
    expect(checkRuleCount(ENGINE_LIMITS.maxRules)?.message).toBe(
      `there are ${ENGINE_LIMITS.maxRules} rules; the limit is ${ENGINE_LIMITS.maxRules} (delete or merge rules first)`,
    );
  });
});
