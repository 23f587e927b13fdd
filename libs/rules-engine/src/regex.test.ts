import { describe, expect, it } from 'vitest';
import { compilePattern } from './regex';
import { RuleSet } from './rule-set';
import { makeEvent } from './testing/fixtures';

describe('operator patterns (RE2)', () => {
  it('answers (a+)+$ on 1 MB in linear time', () => {
    const r = compilePattern('(a+)+$');
    expect(r.ok).toBe(true);
    const input = 'a'.repeat(1 << 20) + '!';
    // A backtracking engine does not finish this at all: the test would time out.
    expect(r.ok && r.re.test(input)).toBe(false);
  });

  it('accepts inline flags as written: (?i) is case-insensitive', () => {
    const r = compilePattern('(?i)seiz(ed|ure)');
    expect(r.ok && r.re.test('Taliban SEIZED the crossing')).toBe(true);
    const cs = compilePattern('seiz(ed|ure)');
    expect(cs.ok && cs.re.test('Taliban SEIZED the crossing')).toBe(false);
  });

  it('a pathological rule on a 200 kB report does not stall evaluation (text scanned up to 64 KiB)', () => {
    const set = RuleSet.compile([
      {
        id: 'evil',
        name: 'evil',
        enabled: true,
        severity: 'low',
        when: { text: 'report', matches: '(x+x+)+y' },
      },
    ]);
    const e = makeEvent({ reportText: 'x'.repeat(200_000) });
    expect(set.match(e)).toEqual([]);
    const [ex] = set.explain(e, { all: true });
    expect(ex.explanation.because[0]).toBe(
      'when: report does not match /(x+x+)+y/ (scanned the first 65536 of 200000 characters)',
    );
  });
});
