/**
 * npm run bench:language
 *
 * The language guess three ways, side by side in one run: the hand-written function-word pass
 * alone (the guess before franc-min), franc-min alone, and what ingestion runs (the cheap pass,
 * then franc-min for what is not plainly English). Accuracy on the team's multilingual sample
 * (src/testing/language-samples.ts) and on every English text of the extraction eval sets (which
 * must stay English or undetermined, never be skipped), and microseconds per report on English
 * ~3 KiB reports (the common case) and on the non-English sample.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { francAll } from 'franc-min';
import { loadCorpus } from '../../extraction/eval/score';
import { functionWordGuess, guessLanguage, ISO639_3_TO_1 } from '../src/language';
import { LANGUAGE_SAMPLES } from '../src/testing/language-samples';

const evalDir = join(__dirname, '../../extraction/eval');
const english = ['corpus', 'holdout', 'holdout2', 'holdout3'].flatMap((f) =>
  loadCorpus(join(evalDir, `${f}.ndjson`)).map((r) => r.text),
);
// ~3 KiB English reports, like the extraction bench's: eval texts stitched together.
const reports: string[] = [];
for (let i = 0; i < 200; i++) {
  let t = '';
  for (let k = i; t.length < 3072; k += 7) t += `${english[k % english.length]}\n\n`;
  reports.push(t.slice(0, 3072));
}
const foreign = LANGUAGE_SAMPLES.filter((s) => s.lang && s.lang !== 'en').map((s) => s.text);

const francOnly = (t: string): string | undefined => {
  const code = francAll(t.slice(0, 2000), { minLength: 40 })[0]?.[0];
  return !code || code === 'und' ? undefined : (ISO639_3_TO_1[code] ?? code);
};
const ways: [string, (t: string) => string | undefined][] = [
  ['function words only (before)', (t) => functionWordGuess(t).language],
  ['franc-min only', (t) => francOnly(t)],
  ['cheap pass + franc-min (now)', (t) => guessLanguage(t).language],
];

/** Best of 5 trials of ~0.3 s after a warm-up: µs per text. */
function usPer(fn: (t: string) => unknown, texts: string[]): number {
  for (let i = 0; i < 300; i++) fn(texts[i % texts.length]);
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 300) fn(texts[n++ % texts.length]);
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}

console.log(
  `language guess: ${LANGUAGE_SAMPLES.length} sample texts (${new Set(LANGUAGE_SAMPLES.map((s) => s.lang)).size} languages + too-short), ${english.length} English eval texts, ${reports.length} English reports of 3 KiB\n`,
);
console.log(
  'way                              | sample exact | non-English called non-English | English kept | µs/report English 3 KiB | µs/text non-English',
);
console.log(
  '---------------------------------+--------------+--------------------------------+--------------+-------------------------+--------------------',
);
for (const [name, fn] of ways) {
  let exact = 0;
  let foreignOk = 0;
  for (const s of LANGUAGE_SAMPLES) {
    const g = fn(s.text);
    if (g === s.lang) exact++;
    if (s.lang && s.lang !== 'en' && g !== undefined && g !== 'en') foreignOk++;
  }
  const kept = english.filter((t) => {
    const g = fn(t);
    return g === 'en' || g === undefined;
  }).length;
  console.log(
    `${name.padEnd(32)} | ${`${exact}/${LANGUAGE_SAMPLES.length}`.padStart(12)} | ${`${foreignOk}/${foreign.length}`.padStart(30)} | ${`${kept}/${english.length}`.padStart(12)} | ${usPer(fn, reports).toFixed(1).padStart(23)} | ${usPer(fn, foreign).toFixed(1).padStart(18)}`,
  );
}
console.log('\nThe machine may be shared: compare the rows of one run, not runs.');
