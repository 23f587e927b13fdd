/**
 * npm run bench:extraction [-- --seconds 2]
 *
 * Throughput of extractEvents on ~3 KiB wire-style articles (built from the labelled corpus), on
 * one core, with the default gazetteer and with synthetic gazetteers of 100 / 1,000 / 10,000
 * entries, beside the naive baseline (one regular expression per place name per sentence).
 */
import { performance } from 'node:perf_hooks';
import { buildGazetteer, DEFAULT_PLACES, extractEvents, type PlaceEntry, type ReportInput } from '../src';
import { baselineExtract, buildBaseline } from '../eval/baseline';
import { loadCorpus } from '../eval/score';

const args = process.argv.slice(2);
const si = args.indexOf('--seconds');
const SECONDS = si >= 0 ? Number(args[si + 1]) : 1.5;
const ARTICLE_BYTES = 3 * 1024;

// Deterministic pseudo-random numbers (mulberry32) so runs are comparable.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'zan',
  'tor',
  'ghu',
  'shi',
  'bad',
  'qal',
  'nur',
  'fa',
  'lo',
  'dar',
  'esh',
  'kum',
  'sar',
  'pul',
  'tal',
  'bek',
  'hai',
  'ran',
  'jo',
  'vi',
  'ul',
  'sto',
  'ne',
  'gor',
  'ab',
  'ad',
  'mar',
];
function syntheticPlaces(n: number, seed = 7): PlaceEntry[] {
  const r = rng(seed);
  const word = () => {
    const k = 2 + Math.floor(r() * 2);
    let w = '';
    for (let i = 0; i < k; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    return w.charAt(0).toUpperCase() + w.slice(1);
  };
  const out: PlaceEntry[] = [];
  const seen = new Set<string>();
  while (out.length < n) {
    const name = r() < 0.4 ? `${word()} ${word()}` : word();
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const crossing = r() < 0.3;
    const i = out.length;
    out.push({
      id: `zz-synthetic-${i}`,
      name,
      kind: crossing ? 'border_crossing' : 'provincial_capital',
      province: `Province ${i % 500}`,
      country: 'Synthland',
      ...(crossing ? { neighbor: 'Otherland' } : {}),
      aliases: [`${name}-e Kalan`, `${name}abad`],
    });
  }
  return out;
}

/** ~3 KiB articles: corpus reports stitched together in varied orders, cut at a sentence end. */
function articles(count: number, extraNames: string[] = []): ReportInput[] {
  const corpus = loadCorpus().map((r) => r.text.replace(/^date \d{4}-\d{2}-\d{2}\n/, ''));
  const r = rng(42);
  const out: ReportInput[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < ARTICLE_BYTES) {
      text += `${corpus[Math.floor(r() * corpus.length)]}\n\n`;
      if (extraNames.length && r() < 0.3)
        text += `Fighters also attacked ${extraNames[Math.floor(r() * extraNames.length)]} on Monday, officials said.\n\n`;
    }
    const cut = text.lastIndexOf('.', ARTICLE_BYTES);
    out.push({
      id: `bench-${i}`,
      text: text.slice(0, cut > 1000 ? cut + 1 : ARTICLE_BYTES),
      publishedAt: '2021-08-10',
    });
  }
  return out;
}

/**
 * Runs `run` over the documents in several short trials after a warm-up and reports the best
 * trial (the machine may be shared: the best trial is the least disturbed one), in wall-clock
 * reports/s and in reports per CPU-second of this process.
 */
function measure(
  run: (r: ReportInput) => unknown,
  docs: ReportInput[],
  seconds = SECONDS,
  minDocs = 20,
): { perSec: number; cpuPerSec: number; msPer: number; n: number } {
  // Warm-up until the JIT has settled: V8 needs several hundred reports before the hot paths are
  // optimised. At least 1,500 reports and 2 s, then until batch throughput stops improving (at
  // most 8 s).
  const w0 = performance.now();
  let bestBatch = 0;
  let stale = 0;
  for (
    let b = 0;
    (b < 30 || performance.now() - w0 < 2000 || stale < 4) && performance.now() - w0 < 8000;
    b++
  ) {
    const t = performance.now();
    for (let i = 0; i < 50; i++) run(docs[(b * 50 + i) % docs.length]);
    const rate = 50 / (performance.now() - t);
    if (rate > bestBatch * 1.03) {
      bestBatch = rate;
      stale = 0;
    } else stale++;
  }
  const trials = 5;
  let best = 0;
  let bestCpu = 0;
  let total = 0;
  let k = 0;
  for (let t = 0; t < trials; t++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    while (true) {
      run(docs[k++ % docs.length]);
      n++;
      const dt = performance.now() - t0;
      if ((dt > (seconds * 1000) / trials && n >= minDocs) || dt > seconds * 4000) break;
    }
    const dt = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    best = Math.max(best, (n * 1000) / dt);
    bestCpu = Math.max(bestCpu, (n * 1e6) / Math.max(1, cu.user + cu.system));
    total += n;
  }
  return { perSec: best, cpuPerSec: bestCpu, msPer: 1000 / best, n: total };
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));

const docs = articles(300);
const avgBytes = Math.round(docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0) / docs.length);
console.log(
  `extraction benchmark: ${docs.length} articles of ~${avgBytes} bytes, one core (node ${process.version}), ${SECONDS}s per measurement\n`,
);

const defGaz = buildGazetteer();
const headline = measure((d) => extractEvents(d, { gazetteer: defGaz }), docs);
console.log(
  `default gazetteer (${DEFAULT_PLACES.length} places, ${defGaz.automaton.size} names): ${fmt(headline.perSec)} reports/s wall-clock, ${fmt(headline.cpuPerSec)} reports per CPU-second (${headline.msPer.toFixed(3)} ms/report, ${fmt((headline.perSec * avgBytes) / 1024 / 1024)} MiB/s)\n`,
);

console.log(
  'gazetteer entries | build ms | names in automaton | watchfire reports/s | per CPU-s | ms/report | baseline reports/s | baseline ms/report | speed-up',
);
console.log(
  '------------------+----------+--------------------+---------------------+-----------+-----------+--------------------+--------------------+---------',
);
const rows: { n: number; ours: number }[] = [];
for (const total of [100, 1000, 10000]) {
  const extra = syntheticPlaces(total - DEFAULT_PLACES.length);
  const t0 = performance.now();
  const gaz = buildGazetteer(extra);
  const buildMs = performance.now() - t0;
  const sized = articles(
    300,
    extra.slice(0, 50).map((p) => p.name),
  );
  const ours = measure((d) => extractEvents(d, { gazetteer: gaz }), sized);
  const base = buildBaseline([...DEFAULT_PLACES, ...extra]);
  const naive = measure((d) => baselineExtract(d, base), sized, Math.min(SECONDS, 1), 3);
  rows.push({ n: total, ours: ours.perSec });
  console.log(
    `${total.toLocaleString('en-US').padStart(17)} | ${buildMs.toFixed(0).padStart(8)} | ${String(gaz.automaton.size).padStart(18)} | ${fmt(ours.perSec).padStart(19)} | ${fmt(ours.cpuPerSec).padStart(9)} | ${ours.msPer.toFixed(3).padStart(9)} | ${fmt(naive.perSec).padStart(18)} | ${naive.msPer.toFixed(2).padStart(18)} | ${(ours.perSec / naive.perSec).toFixed(0).padStart(6)}x`,
  );
}
const flat = rows[rows.length - 1].ours / rows[0].ours;
console.log(
  `\nwatchfire throughput at 10,000 entries is ${(flat * 100).toFixed(0)}% of that at 100 entries (goal: nearly flat); goal >= 2,000 reports/s: ${headline.perSec >= 2000 ? 'met' : 'NOT met'}.`,
);
console.log(
  'Best of 5 trials per cell after a warm-up; "per CPU-s" divides by this process\'s CPU time, which is the fairer figure on a shared machine.',
);
