import { RE2 } from 're2-wasm';
import { describe, expect, it } from 'vitest';
import { literalSet, MAX_LITERALS } from './literal-pattern';
import { prng } from './random';
import { TextView } from './text';

describe('literalSet', () => {
  it('expands keyword patterns into the strings they match', () => {
    expect(literalSet('(?i)seiz(ed|ure)|Overr(?:un|an)')).toEqual({ strings: ['seized', 'seizure', 'overrun', 'overran'], ignoreCase: true });
    expect(literalSet('Spin Bol[dt]ak')).toEqual({ strings: ['Spin Boldak', 'Spin Boltak'], ignoreCase: false });
    expect(literalSet('colou?r')).toEqual({ strings: ['colour', 'color'], ignoreCase: false });
    expect(literalSet('a\\.b\\(c\\)')).toEqual({ strings: ['a.b(c)'], ignoreCase: false });
    expect(literalSet('Qala-i-Naw')).toEqual({ strings: ['Qala-i-Naw'], ignoreCase: false });
    expect(literalSet('Kunduz—Imam Sahib')?.strings).toEqual(['Kunduz—Imam Sahib']);
  });

  it('leaves everything else to RE2', () => {
    for (const p of ['seiz.d', 'a+', 'a*', 'a{2}', '\\bborder\\b', '\\d', '^a', 'a$', '(?i:a)b', 'a(?i)b', '(?P<x>a)', '[^a]', '[a-z]', '[\\w]', 'a|', '()', 'a)', '(a', 'a]', '(?s)a', 'É(?i)', '(?i)É']) {
      expect(literalSet(p), p).toBeNull();
    }
    // Too many strings: 2^7 = 128 > MAX_LITERALS.
    expect(literalSet('a?b?c?d?e?f?g?')).toBeNull();
    expect(MAX_LITERALS).toBeLessThan(128);
  });

  it('agrees with RE2 on random keyword patterns and texts (seeded)', () => {
    const r = prng(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const alphabet = ['a', 'b', 'B', 'c', ' ', '-', 'é', 'K', 'k', 's', 'ſ', 'K'];
    const atom = (depth: number): string => {
      const roll = r();
      if (roll < 0.5 || depth > 2) return pick(['a', 'b', 'B', 'c', ' ', 'k', 's', '\\-', '\\.', 'é']);
      if (roll < 0.7) return `[${pick(['ab', 'a-c', 'Bc', 'k-s'])}]`;
      if (roll < 0.85) return `(${seq(depth + 1)}|${seq(depth + 1)})`;
      return `(?:${seq(depth + 1)})?`;
    };
    const seq = (depth: number) => Array.from({ length: 1 + Math.floor(r() * 3) }, () => atom(depth)).join('');
    let checked = 0;
    let viaLiterals = 0;
    for (let n = 0; n < 400; n++) {
      const pattern = `${r() < 0.5 ? '(?i)' : ''}${seq(0)}${r() < 0.3 ? `|${seq(0)}` : ''}`;
      const set = literalSet(pattern);
      if (!set) continue;
      const re = new RE2(pattern, 'u');
      for (let t = 0; t < 20; t++) {
        const text = Array.from({ length: Math.floor(r() * 12) }, () => pick(alphabet)).join('');
        const view = new TextView(text);
        const fast = view.containsLiteral(set);
        if (fast !== undefined) viaLiterals++;
        expect(fast ?? re.test(text), `${pattern} on ${JSON.stringify(text)}`).toBe(re.test(text));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2_000);
    expect(viaLiterals).toBeGreaterThan(1_000);
  });

  it('defers case-insensitive search in non-ASCII text to RE2 (ſ folds to s there)', () => {
    const set = literalSet('(?i)seized')!;
    expect(new TextView('they ſeized it').containsLiteral(set)).toBeUndefined();
    expect(new RE2('(?i)seized', 'u').test('they ſeized it')).toBe(true);
    expect(new TextView('they SEIZED it').containsLiteral(set)).toBe(true);
    expect(new TextView('they seised it').containsLiteral(set)).toBe(false);
  });
});
