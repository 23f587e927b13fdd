import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../extraction/eval/score';
import { functionWordGuess, guessLanguage } from './language';
import { LANGUAGE_SAMPLES } from './testing/language-samples';

describe('guessLanguage (cheap pass, then franc-min)', () => {
  it.each(LANGUAGE_SAMPLES.map((s) => [s.lang ?? 'undetermined', s.text.slice(0, 40), s] as const))(
    'names %s: %s…',
    (_lang, _head, s) => {
      const g = guessLanguage(s.text);
      expect(g.language).toBe(s.lang);
      expect(g.english).toBe(s.lang === undefined ? undefined : s.lang === 'en');
    },
  );

  it('never marks an English text of the extraction eval sets non-English', () => {
    const dir = join(__dirname, '../../extraction/eval');
    const texts = ['corpus', 'holdout', 'holdout2', 'holdout3'].flatMap((f) =>
      loadCorpus(join(dir, `${f}.ndjson`)).map((r) => r.text),
    );
    expect(texts.length).toBeGreaterThan(150);
    const wrong = texts.filter((t) => guessLanguage(t).english === false).map((t) => t.slice(0, 60));
    expect(wrong).toEqual([]);
  });

  it('settles plain English in the cheap pass and sends the rest to franc-min', () => {
    const en = LANGUAGE_SAMPLES.find((s) => s.lang === 'en')!.text;
    expect(functionWordGuess(en).english).toBe(true);
    expect(guessLanguage(en).reason).not.toMatch(/franc/);
    const so = LANGUAGE_SAMPLES.find((s) => s.lang === 'so')!.text;
    expect(functionWordGuess(so).language).not.toBe('so');
    const g = guessLanguage(so);
    expect(g).toMatchObject({ language: 'so', english: false });
    expect(g.reason).toMatch(/^franc-min: som/);
  });

  it('leaves a list of place names undetermined rather than non-English', () => {
    const g = guessLanguage(
      'Kunduz, Taloqan, Sheberghan, Sar-e Pul, Aibak, Pul-e Khumri, Faizabad, Farah, Zaranj, Lashkar Gah, Qala-i-Naw, Herat',
    );
    expect(g.english).not.toBe(false);
  });
});
