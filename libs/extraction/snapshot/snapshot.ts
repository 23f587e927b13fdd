/**
 * npm run snapshot:extraction [-- --update]
 *
 * Runs extractWithDebug (with the reasoning kept) on every labelled set in eval/ and compares the
 * result with the committed snapshot beside this file, listing the reports whose output changed.
 * Why: moving code between stage files must change nothing; a behaviour change must change only
 * the reports it means to. Exit status 1 when something changed (0 with --update, which rewrites
 * the snapshot). New sets in eval/ show up as changes until the snapshot is updated.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildGazetteer, extractWithDebug } from '../src';

const EVAL_DIR = join(__dirname, '..', 'eval');
const SNAPSHOT = join(__dirname, 'eval-sets.snapshot.ndjson');

interface Item {
  id: string;
  text: string;
  publishedAt?: string;
  title?: string;
}

function run(): Record<string, unknown> {
  const gazetteer = buildGazetteer();
  const out: Record<string, unknown> = {};
  for (const file of readdirSync(EVAL_DIR)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    const lines = readFileSync(join(EVAL_DIR, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    for (const line of lines) {
      const item = JSON.parse(line) as Item;
      // labelled reports only (eval/ also keeps the previous extractor's predictions)
      if (typeof item.text !== 'string') continue;
      const { events, debug } = extractWithDebug(
        { id: item.id, text: item.text, publishedAt: item.publishedAt, title: item.title },
        { gazetteer, debug: true },
      );
      out[`${file}:${item.id}`] = { events, debug };
    }
  }
  return out;
}

const now = run();
if (process.argv.includes('--update') || !existsSync(SNAPSHOT)) {
  // one line per report, so a diff of the snapshot reads report by report
  const lines = Object.entries(now).map(([key, value]) => JSON.stringify({ key, value }));
  writeFileSync(SNAPSHOT, `${lines.join('\n')}\n`);
  console.log(`snapshot: ${Object.keys(now).length} reports written to ${SNAPSHOT}`);
  process.exit(0);
}
const before: Record<string, unknown> = {};
for (const line of readFileSync(SNAPSHOT, 'utf8')
  .split('\n')
  .filter((l) => l.trim())) {
  const { key, value } = JSON.parse(line) as { key: string; value: unknown };
  before[key] = value;
}
const changed = [...new Set([...Object.keys(before), ...Object.keys(now)])].filter(
  (k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]),
);
const part = (v: unknown, key: 'events' | 'debug') =>
  JSON.stringify((v as Record<string, unknown>)?.[key] ?? null);
for (const k of changed) {
  console.log(`changed: ${k}`);
  for (const key of ['events', 'debug'] as const) {
    const [b, n] = [part(before[k], key), part(now[k], key)];
    if (b === n) continue;
    console.log(`  ${key} before: ${b.slice(0, 1500)}`);
    console.log(`  ${key} now:    ${n.slice(0, 1500)}`);
  }
}
console.log(`snapshot: ${Object.keys(now).length} reports, ${changed.length} changed`);
process.exit(changed.length ? 1 : 0);
