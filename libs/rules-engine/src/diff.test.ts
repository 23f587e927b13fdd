import { describe, expect, it } from 'vitest';
import type { RuleSpec } from '@watchfire/contracts';
import { ruleChanges } from './diff';

const base: RuleSpec = {
  name: 'Capitals',
  enabled: true,
  severity: 'high',
  when: {
    all: [
      { field: 'type', eq: 'provincial_capital_attack' },
      { field: 'location.country', eq: 'Afghanistan' },
    ],
  },
};

describe('ruleChanges', () => {
  it('names each changed, added and removed leaf by its path', () => {
    const after: RuleSpec = {
      ...base,
      severity: 'critical',
      enabled: false,
      realert: '1h',
      when: { all: [{ field: 'type', eq: 'provincial_capital_captured' }] },
    };
    expect(ruleChanges(base, after)).toEqual([
      'enabled: true -> false',
      'severity: "high" -> "critical"',
      'when.all.0.eq: "provincial_capital_attack" -> "provincial_capital_captured"',
      'when.all.1.field: removed "location.country"',
      'when.all.1.eq: removed "Afghanistan"',
      'realert: added "1h"',
    ]);
    expect(ruleChanges(base, base)).toEqual([]);
  });

  it('stays bounded', () => {
    const after = {
      ...base,
      description: 'x'.repeat(2_000),
      when: { any: Array.from({ length: 40 }, (_, i) => ({ field: 'actor' as const, eq: `a${i}` })) },
    };
    const changes = ruleChanges(base, after);
    expect(changes).toHaveLength(20);
    expect(changes[19]).toMatch(/^… and \d+ more changes$/);
    expect(Math.max(...changes.map((c) => c.length))).toBeLessThanOrEqual(300);
  });
});
