import { describe, expect, it } from 'vitest';
import { prng } from './random';
import { compilePhrase, TextView } from './text';

describe('phrase search', () => {
  it('in-place search of ASCII text agrees with searching the folded text (seeded random texts)', () => {
    const r = prng(99);
    const vocab = ['islam', 'qala', 'border', 'borderline', 'i', 'naw', 'seized', 'a', 'taliban', 's', '1', '21'];
    const seps = [' ', '-', ', ', "'", '  ', '.\n', '/', '(', ')'];
    for (let n = 0; n < 3_000; n++) {
      const len = 1 + Math.floor(r() * 12);
      let text = '';
      for (let i = 0; i < len; i++) text += (i ? seps[Math.floor(r() * seps.length)] : r() < 0.3 ? '"' : '') + (r() < 0.2 ? vocab[Math.floor(r() * vocab.length)]!.toUpperCase() : vocab[Math.floor(r() * vocab.length)]);
      const phrase = Array.from({ length: 1 + Math.floor(r() * 3) }, () => vocab[Math.floor(r() * vocab.length)]).join(r() < 0.5 ? ' ' : '-');
      const p = compilePhrase(phrase);
      expect(new TextView(text).hasPhrase(p), `${JSON.stringify(phrase)} in ${JSON.stringify(text)}`).toBe(new TextView(text).hasPhrase(p.key));
    }
  });

  it('handles diacritics and non-Latin text by folding', () => {
    expect(new TextView('Fighters entered Qalā-i-Naw on Wednesday').hasPhrase(compilePhrase('qala i naw'))).toBe(true);
    expect(new TextView('Kämpfe in Herāt').hasPhrase(compilePhrase('HERAT'))).toBe(true);
    expect(new TextView('سقوط هرات').hasPhrase(compilePhrase('هرات'))).toBe(true);
  });
});
