import { describe, expect, it } from 'vitest';
import { prng } from './testing/random';
import { compilePhrase, compilePhrases, TextView } from './text';

describe('phrase search', () => {
  it('in-place search of ASCII text agrees with searching the folded text (seeded random texts)', () => {
    const r = prng(99);
    const vocab = [
      'islam',
      'qala',
      'border',
      'borderline',
      'i',
      'naw',
      'seized',
      'a',
      'taliban',
      's',
      '1',
      '21',
    ];
    const seps = [' ', '-', ', ', "'", '  ', '.\n', '/', '(', ')'];
    for (let n = 0; n < 3_000; n++) {
      const len = 1 + Math.floor(r() * 12);
      let text = '';
      for (let i = 0; i < len; i++)
        text +=
          (i ? seps[Math.floor(r() * seps.length)] : r() < 0.3 ? '"' : '') +
          (r() < 0.2
            ? vocab[Math.floor(r() * vocab.length)].toUpperCase()
            : vocab[Math.floor(r() * vocab.length)]);
      const phrase = Array.from(
        { length: 1 + Math.floor(r() * 3) },
        () => vocab[Math.floor(r() * vocab.length)],
      ).join(r() < 0.5 ? ' ' : '-');
      const p = compilePhrase(phrase);
      expect(new TextView(text).hasPhrase(p), `${JSON.stringify(phrase)} in ${JSON.stringify(text)}`).toBe(
        new TextView(text).hasPhrase(p.key),
      );
    }
  });

  it('a set of phrases hits exactly when one of them is in the folded text, ASCII or not (seeded random texts)', () => {
    const r = prng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
    const vocab = [
      'islam',
      'Qala',
      'qalā',
      'border',
      'borderline',
      'I',
      'naw',
      'SEIZED',
      'herāt',
      'هرات',
      '2021',
      'x',
    ];
    const seps = [' ', '-', ', ', "'", '  ', '.\n', '/', '(', '\u0301 ', '—', ''];
    for (let n = 0; n < 3_000; n++) {
      const text = Array.from({ length: 1 + Math.floor(r() * 10) }, () => pick(vocab)).join(pick(seps));
      const phrases = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(vocab)).join(pick([' ', '-'])),
      );
      const want = phrases.some((p) => new TextView(text).hasPhrase(compilePhrase(p).key));
      expect(
        new TextView(text).hasAny(compilePhrases(phrases)),
        `${JSON.stringify(phrases)} in ${JSON.stringify(text)}`,
      ).toBe(want);
    }
  });

  it('handles diacritics and non-Latin text by folding', () => {
    expect(
      new TextView('Fighters entered Qalā-i-Naw on Wednesday').hasPhrase(compilePhrase('qala i naw')),
    ).toBe(true);
    expect(new TextView('Kämpfe in Herāt').hasPhrase(compilePhrase('HERAT'))).toBe(true);
    expect(new TextView('سقوط هرات').hasPhrase(compilePhrase('هرات'))).toBe(true);
    // a phrase that folds to no ASCII word can only occur in a text that is not ASCII
    expect(new TextView('Herat fell').hasAny(compilePhrases(['هرات']))).toBe(false);
    expect(new TextView('Herat fell').hasAny(compilePhrases(['herāt', 'هرات']))).toBe(true);
  });
});
