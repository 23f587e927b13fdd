/**
 * npm run eval:extraction [-- --verbose] [-- --corpus FILE]
 * Scores extractEvents and the naive baseline on the labelled corpus and prints a table per type
 * and overall: precision, recall, F1, status accuracy, actor accuracy (and date accuracy).
 */
import { buildGazetteer, DEFAULT_PLACES, extractEvents } from '../src';
import { baselineExtract, buildBaseline } from './baseline';
import { join } from 'node:path';
import { CORPUS_PATH, loadCorpus, score, TYPES, type CorpusReport, type Metrics } from './score';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const ci = args.indexOf('--corpus');
const corpus = loadCorpus(ci >= 0 ? args[ci + 1] : CORPUS_PATH);

const gaz = buildGazetteer();
const base = buildBaseline(DEFAULT_PLACES);
const ours = score(corpus, (r) => extractEvents(r, { gazetteer: gaz }));
const naive = score(corpus, (r) => baselineExtract(r, base));

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
const short: Record<string, string> = {
  provincial_capital_captured: 'capital captured',
  provincial_capital_attack: 'capital attack',
  border_crossing_control_change: 'border control change',
};
const goldN = (m: Metrics) => m.tp + m.fn;

console.log(
  `Corpus: ${corpus.length} reports, ${corpus.reduce((n, r) => n + r.events.length, 0)} labelled events, ${corpus.filter((r) => !r.events.length).length} reports with none\n`,
);
const header = `${'type'.padEnd(24)} ${'gold'.padStart(4)} | ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'stat'.padStart(5)} ${'actor'.padStart(5)} ${'date'.padStart(5)} | ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'stat'.padStart(5)} ${'actor'.padStart(5)}`;
console.log(
  `${''.padEnd(31)} | ${'watchfire extraction'.padEnd(41)} | naive baseline (place+verb in sentence)`,
);
console.log(header);
console.log('-'.repeat(header.length));
const row = (name: string, a: Metrics, b: Metrics) =>
  console.log(
    `${name.padEnd(24)} ${String(goldN(a)).padStart(4)} | ${pct(a.precision)} ${pct(a.recall)} ${pct(a.f1)} ${pct(a.statusAcc)} ${pct(a.actorAcc)} ${pct(a.dateAcc)} | ${pct(b.precision)} ${pct(b.recall)} ${pct(b.f1)} ${pct(b.statusAcc)} ${pct(b.actorAcc)}`,
  );
for (const t of TYPES) row(short[t], ours.byType[t], naive.byType[t]);
console.log('-'.repeat(header.length));
row('overall', ours.overall, naive.overall);
console.log(
  `\nwatchfire: tp=${ours.overall.tp} fp=${ours.overall.fp} fn=${ours.overall.fn}   baseline: tp=${naive.overall.tp} fp=${naive.overall.fp} fn=${naive.overall.fn}`,
);
console.log(
  'stat = status accuracy, actor = actor accuracy, date = exact eventDate accuracy, all on matched events.',
);

// Confidence reliability: how often events in each confidence band are right (a gold event of
// that type and place exists), over the corpus and the held-out sets together.
if (ci < 0) {
  const sets: [string, CorpusReport[]][] = [['corpus', corpus]];
  for (const f of ['holdout.ndjson', 'holdout2.ndjson', 'holdout3.ndjson']) {
    try {
      sets.push([f.replace('.ndjson', ''), loadCorpus(join(__dirname, f))]);
    } catch {
      /* optional */
    }
  }
  console.log('\nOther labelled sets (written after the rules, see README):');
  for (const [name, set] of sets.slice(1)) {
    const o = score(set, (r) => extractEvents(r, { gazetteer: gaz })).overall;
    const b = score(set, (r) => baselineExtract(r, base)).overall;
    console.log(
      `  ${name.padEnd(10)} ${String(set.length).padStart(3)} reports ${String(o.tp + o.fn).padStart(3)} events | watchfire P ${pct(o.precision)} R ${pct(o.recall)} F1 ${pct(o.f1)} status ${pct(o.statusAcc)} actor ${pct(o.actorAcc)} | baseline F1 ${pct(b.f1)}`,
    );
  }
  const bands = [0.5, 0.7, 0.85, 0.95, 1.01];
  const hits = bands.map(() => ({ n: 0, ok: 0 }));
  for (const [, set] of sets) {
    for (const r of set) {
      const gold = new Set(r.events.map((g) => `${g.type}|${g.location}`));
      for (const e of extractEvents(r, { gazetteer: gaz })) {
        const b = bands.findIndex((x) => e.confidence < x);
        hits[b].n++;
        if (gold.has(`${e.type}|${e.location.id}`)) hits[b].ok++;
      }
    }
  }
  console.log('\nConfidence reliability (all sets): band -> events, share correct');
  let lo = 0;
  bands.forEach((hi, i) => {
    console.log(
      `  [${lo.toFixed(2)}, ${Math.min(hi, 1).toFixed(2)}${hi > 1 ? ']' : ')'}  ${String(hits[i].n).padStart(4)}  ${hits[i].n ? pct(hits[i].ok / hits[i].n) : '    -'}%`,
    );
    lo = hi;
  });
}

if (verbose) {
  console.log('\nMismatches (watchfire):');
  for (const m of ours.mismatches)
    console.log(
      `  ${m.kind.padEnd(6)} ${m.report.padEnd(32)} ${short[m.type].padEnd(22)} ${m.location.padEnd(28)} ${m.detail}`,
    );
}
