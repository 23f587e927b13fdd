import { RE2 } from 're2-wasm';
import { describe, expect, it } from 'vitest';
import { literalSet, MAX_LITERALS } from './literal-pattern';
import { prng } from './testing/random';

const strings = (p: string) => {
  const set = literalSet(p);
  return set && { strings: set.strings, ignoreCase: set.ignoreCase };
};

describe('literalSet', () => {
  it('expands keyword patterns into the strings they match', () => {
    expect(strings('(?i)seiz(ed|ure)|Overr(?:un|an)')).toEqual({
      strings: ['seized', 'seizure', 'Overrun', 'Overran'],
      ignoreCase: true,
    });
    expect(strings('Spin Bol[dt]ak')).toEqual({ strings: ['Spin Boldak', 'Spin Boltak'], ignoreCase: false });
    expect(strings('colou?r')).toEqual({ strings: ['colour', 'color'], ignoreCase: false });
    expect(strings('a\\.b\\(c\\)\\/d')).toEqual({ strings: ['a.b(c)/d'], ignoreCase: false });
    expect(strings('Qala-i-Naw|[x-z]')).toEqual({
      strings: ['Qala-i-Naw', 'x', 'y', 'z'],
      ignoreCase: false,
    });
    expect(strings('Kunduz—Imam Sahib|😀')?.strings).toEqual(['Kunduz—Imam Sahib', '😀']);
  });

  it('matches its own strings and nothing else, literally', () => {
    const set = literalSet('(?i)a\\.b|c\\(d\\)|e\\$|\\[f\\]')!;
    for (const t of ['xA.By', 'C(D)', 'e$', '[F]']) expect(set.regex.test(t), t).toBe(true);
    for (const t of ['aXb', 'cd', 'e', 'f']) expect(set.regex.test(t), t).toBe(false);
  });

  it('leaves everything else to RE2', () => {
    for (const p of [
      'seiz.d',
      'a+',
      'a*',
      'a{2}',
      '\\bborder\\b',
      '\\d',
      '^a',
      'a$',
      '(?i:a)b',
      'a(?i)b',
      '(?P<x>a)',
      '[^a]',
      '[a-z]',
      '[\\w]',
      'a|',
      '()',
      'a)',
      '(a',
      'a]',
      '(?s)a',
    ]) {
      expect(literalSet(p), p).toBeNull();
    }
    // Too many strings: 2^7 = 128 > MAX_LITERALS.
    expect(literalSet('a?b?c?d?e?f?g?')).toBeNull();
    expect(MAX_LITERALS).toBeLessThan(128);
  });

  it('agrees with RE2 on random keyword patterns and texts, case folding included (seeded)', () => {
    const r = prng(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    // Letters whose case folding is not plain ASCII: ſ~s, K (Kelvin)~k, σ/ς/Σ, ß/ẞ, İ/ı, é/É.
    const letters = [
      'a',
      'b',
      'B',
      's',
      'S',
      'ſ',
      'k',
      'K',
      'K',
      'σ',
      'ς',
      'Σ',
      'ß',
      'ẞ',
      'i',
      'I',
      'İ',
      'ı',
      'é',
      'É',
      ' ',
      '-',
      '.',
    ];
    const atom = (depth: number): string => {
      const roll = r();
      if (roll < 0.55 || depth > 2)
        return pick(['a', 'B', 's', 'k', 'K', 'σ', 'ß', 'i', 'İ', 'é', ' ', '\\-', '\\.']);
      if (roll < 0.7) return `[${pick(['ab', 'a-c', 'Bs', 'k-s', 'σς'])}]`;
      if (roll < 0.85) return `(${seq(depth + 1)}|${seq(depth + 1)})`;
      return `(?:${seq(depth + 1)})?`;
    };
    const seq = (depth: number) =>
      Array.from({ length: 1 + Math.floor(r() * 3) }, () => atom(depth)).join('');
    let checked = 0;
    for (let n = 0; n < 500; n++) {
      const pattern = `${r() < 0.5 ? '(?i)' : ''}${seq(0)}${r() < 0.3 ? `|${seq(0)}` : ''}`;
      const set = literalSet(pattern);
      if (!set) continue;
      const re = new RE2(pattern, 'u');
      for (let t = 0; t < 20; t++) {
        const text = Array.from({ length: Math.floor(r() * 12) }, () => pick(letters)).join('');
        expect(set.regex.test(text), `${pattern} on ${JSON.stringify(text)}`).toBe(re.test(text));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3_000);
  });
});
