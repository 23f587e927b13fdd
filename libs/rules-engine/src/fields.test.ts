import { describe, expect, it } from 'vitest';
import { normalizeName } from '@watchfire/contracts';
import { normalizeNameRemembered } from './fields';
import { prng } from './testing/random';

describe('normalizeNameRemembered', () => {
  it('gives what normalizeName gives, before and after its memo is cleared, for short and long values', () => {
    const r = prng(11);
    const alphabet = ['a', 'B', ' ', 'é', 'Ü', '-', '1', 'ﬁ', 'İ'];
    const values = Array.from({ length: 25_000 }, (_, i) => {
      const len = i % 50 === 0 ? 65 + Math.floor(r() * 40) : 1 + Math.floor(r() * 12);
      return Array.from({ length: len }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    });
    // 25,000 values, most distinct: the memo (10,000 values) fills and starts over twice; asked twice each
    for (const pass of [1, 2]) {
      for (const v of values)
        expect(normalizeNameRemembered(v), `pass ${pass}: ${JSON.stringify(v)}`).toBe(normalizeName(v));
    }
    expect(normalizeNameRemembered('  Taliban ')).toBe('taliban');
    expect(normalizeNameRemembered('Qala-i-Naw')).toBe('qala i naw');
  });
});
