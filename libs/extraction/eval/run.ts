/**
 * npm run eval:extraction [-- --verbose] [-- --corpus FILE]
 * Scores extractEvents and the naive baseline on the labelled corpus and prints a table per type
 * and overall: precision, recall, F1, status accuracy, actor accuracy (and date accuracy).
 */
import { buildGazetteer, DEFAULT_PLACES, extractEvents } from '../src';
import { baselineExtract, buildBaseline } from './baseline';
import { CORPUS_PATH, loadCorpus, score, TYPES, type Metrics } from './score';

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

console.log(`Corpus: ${corpus.length} reports, ${corpus.reduce((n, r) => n + r.events.length, 0)} labelled events, ${corpus.filter((r) => !r.events.length).length} reports with none\n`);
const header = `${'type'.padEnd(24)} ${'gold'.padStart(4)} | ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'stat'.padStart(5)} ${'actor'.padStart(5)} ${'date'.padStart(5)} | ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'stat'.padStart(5)} ${'actor'.padStart(5)}`;
console.log(`${''.padEnd(31)} | ${'watchfire extraction'.padEnd(41)} | naive baseline (place+verb in sentence)`);
console.log(header);
console.log('-'.repeat(header.length));
const row = (name: string, a: Metrics, b: Metrics) =>
  console.log(
    `${name.padEnd(24)} ${String(goldN(a)).padStart(4)} | ${pct(a.precision)} ${pct(a.recall)} ${pct(a.f1)} ${pct(a.statusAcc)} ${pct(a.actorAcc)} ${pct(a.dateAcc)} | ${pct(b.precision)} ${pct(b.recall)} ${pct(b.f1)} ${pct(b.statusAcc)} ${pct(b.actorAcc)}`,
  );
for (const t of TYPES) row(short[t], ours.byType[t], naive.byType[t]);
console.log('-'.repeat(header.length));
row('overall', ours.overall, naive.overall);
console.log(`\nwatchfire: tp=${ours.overall.tp} fp=${ours.overall.fp} fn=${ours.overall.fn}   baseline: tp=${naive.overall.tp} fp=${naive.overall.fp} fn=${naive.overall.fn}`);
console.log('stat = status accuracy, actor = actor accuracy, date = exact eventDate accuracy, all on matched events.');

if (verbose) {
  console.log('\nMismatches (watchfire):');
  for (const m of ours.mismatches) console.log(`  ${m.kind.padEnd(6)} ${m.report.padEnd(32)} ${short[m.type].padEnd(22)} ${m.location.padEnd(28)} ${m.detail}`);
}
