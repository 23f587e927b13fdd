/**
 * npm run eval:extraction [-- --verbose] [-- --corpus FILE] [-- --save-previous]
 * Scores extractEvents, the naive baseline and the previous extractor (saved predictions, see
 * previous.ts) on every labelled set, and prints: a table per event type for the tuned corpus,
 * then per set and country group (Afghanistan, world, and each country with >= 8 reports in
 * the set) precision, recall, F1, status and actor accuracy side by side.
 * --corpus FILE scores that file alone; --verbose lists the mismatches of the first set;
 * --save-previous writes the current extractor's predictions as the new "previous" column.
 */
import { join } from 'node:path';
import { buildGazetteer, extractEvents, type ReportInput } from '../src';
import { baselineExtract, buildBaseline } from './baseline';
import { loadPrevious, previousFor, savePrevious } from './previous';
import { countryGroups, loadCorpus, SET_FILES, score, TYPES, type CorpusReport, type Metrics } from './score';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const ci = args.indexOf('--corpus');
const sets: [string, CorpusReport[]][] =
  ci >= 0
    ? [[args[ci + 1], loadCorpus(args[ci + 1])]]
    : SET_FILES.map((f) => [f.replace('.ndjson', ''), loadCorpus(join(__dirname, f))]);
const corpus = sets[0][1];

const gaz = buildGazetteer();
// The baseline reads every place the gazetteer holds (the world's capitals once it has them).
const base = buildBaseline(gaz.places);
const oursFn = (r: ReportInput) => extractEvents(r, { gazetteer: gaz });
const naiveFn = (r: ReportInput) => baselineExtract(r, base);

if (args.includes('--save-previous')) {
  const saved = savePrevious(sets, oursFn);
  const n = Object.values(saved.sets).reduce((a, s) => a + Object.keys(s).length, 0);
  console.log(
    `Saved the predictions of commit ${saved.commit.slice(0, 12)} on ${n} reports to eval/previous-predictions.ndjson`,
  );
  process.exit(0);
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
const short: Record<string, string> = {
  provincial_capital_captured: 'capital captured',
  provincial_capital_attack: 'capital attack',
  border_crossing_control_change: 'border control change',
};
const goldN = (m: Metrics) => m.tp + m.fn;

// 1. Per event type on the first set (the tuned corpus unless --corpus).
const ours = score(corpus, oursFn);
const naive = score(corpus, naiveFn);
console.log(
  `${sets[0][0]}: ${corpus.length} reports, ${corpus.reduce((n, r) => n + r.events.length, 0)} labelled events, ${corpus.filter((r) => !r.events.length).length} reports with none\n`,
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

// 2. Per set and country group: ours | naive | previous.
const saved = loadPrevious();
const cell = (m: Metrics) =>
  `${pct(m.precision)} ${pct(m.recall)} ${pct(m.f1)} ${pct(m.statusAcc)} ${pct(m.actorAcc)}`;
const cols = `${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'stat'.padStart(5)} ${'actor'.padStart(5)}`;
console.log(
  `\nPer set and country group (reports, gold events) — watchfire now | naive baseline | previous extractor (${saved ? `commit ${saved.commit.slice(0, 12)}` : 'none saved'})`,
);
const head2 = `${'set / group'.padEnd(26)} ${'rep'.padStart(4)} ${'ev'.padStart(4)} | ${cols} | ${cols} | ${cols}`;
console.log(head2);
for (const [name, set] of sets) {
  console.log('-'.repeat(head2.length));
  const prev = previousFor(saved, name, set);
  for (const [g, rs] of countryGroups(set)) {
    const label = g === 'all' ? name : `  ${g}`;
    const a = score(rs, oursFn).overall;
    const b = score(rs, naiveFn).overall;
    let c = '    (no saved predictions for this set)';
    if (prev) {
      const covered = rs.filter((r) => prev.covered.includes(r));
      const m = score(covered, prev.extract).overall;
      c =
        cell(m) +
        (covered.length < rs.length ? ` (${rs.length - covered.length} reports new or changed since)` : '');
    }
    const ev = rs.reduce((n, r) => n + r.events.length, 0);
    console.log(
      `${label.padEnd(26)} ${String(rs.length).padStart(4)} ${String(ev).padStart(4)} | ${cell(a)} | ${cell(b)} | ${c}`,
    );
  }
}

// 3. Confidence reliability: how often events in each confidence band are right (a gold event
// of that type and place exists), over every set.
if (ci < 0) {
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
  console.log(`\nMismatches (watchfire, ${sets[0][0]}):`);
  for (const m of ours.mismatches)
    console.log(
      `  ${m.kind.padEnd(6)} ${m.report.padEnd(32)} ${short[m.type].padEnd(22)} ${m.location.padEnd(28)} ${m.detail}`,
    );
}
