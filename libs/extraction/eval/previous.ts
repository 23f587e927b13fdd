/**
 * The "previous extractor" column of `npm run eval:extraction`: the predictions of the extractor
 * at a fixed commit, saved per set and report in previous-predictions.ndjson by
 * `npm run eval:extraction -- --save-previous` and scored again by the current scorer. Saving
 * predictions (not scores) keeps the column honest when the scorer or the country groups change,
 * needs no git history (CI clones shallow) and no second copy of the code; a report added after
 * the save, or whose text changed since, has no saved prediction and is counted as `missing`
 * (printed as "n reports new since") rather than silently scored.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedEvent, ReportInput } from '../src/types';
import type { CorpusReport, ScoredEvent } from './score';

export const PREVIOUS_PATH = join(__dirname, 'previous-predictions.ndjson');

export interface SavedPredictions {
  commit: string;
  savedAt: string;
  note: string;
  /** Per set, per report id: the text's hash when saved and the predictions. */
  sets: Record<string, Record<string, { hash: string; events: ScoredEvent[] }>>;
}

/** A report whose text changed since the save is treated like a new one (not scored). */
const textHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

const slim = (e: ExtractedEvent): ScoredEvent => ({
  type: e.type,
  location: { id: e.location.id, name: e.location.name },
  status: e.status,
  ...(e.actor ? { actor: e.actor } : {}),
  ...(e.eventDate ? { eventDate: e.eventDate } : {}),
});

/** The last commit that changed the extractor (its code or its gazetteer), not the eval sets. */
function extractorCommit(): string {
  try {
    const args = ['log', '-1', '--format=%H', '--', '../src', '../gazetteer'];
    return execFileSync('git', args, { cwd: __dirname, encoding: 'utf8' }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

export function savePrevious(
  sets: [string, CorpusReport[]][],
  extract: (r: ReportInput) => ExtractedEvent[],
  path = PREVIOUS_PATH,
): SavedPredictions {
  const saved: SavedPredictions = {
    commit: extractorCommit(),
    savedAt: new Date().toISOString(),
    note: 'Predictions of the extractor as of `commit` (last change to libs/extraction/src or gazetteer), written by npm run eval:extraction -- --save-previous.',
    sets: {},
  };
  // One line per report (a header line first): diffs stay readable, and *.ndjson is exempt from
  // prettier like the labelled sets.
  const lines = [JSON.stringify({ commit: saved.commit, savedAt: saved.savedAt, note: saved.note })];
  for (const [name, set] of sets) {
    saved.sets[name] = {};
    for (const r of set) {
      const entry = { hash: textHash(r.text), events: extract(r).map(slim) };
      saved.sets[name][r.id] = entry;
      lines.push(JSON.stringify({ set: name, id: r.id, ...entry }));
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return saved;
}

export function loadPrevious(path = PREVIOUS_PATH): SavedPredictions | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const [head, ...rows] = text.split('\n').filter((l) => l.trim());
  const saved: SavedPredictions = { ...(JSON.parse(head) as Omit<SavedPredictions, 'sets'>), sets: {} };
  for (const row of rows) {
    const { set, id, hash, events } = JSON.parse(row) as {
      set: string;
      id: string;
      hash: string;
      events: ScoredEvent[];
    };
    (saved.sets[set] ??= {})[id] = { hash, events };
  }
  return saved;
}

/** Reports of `set` with saved predictions for their current text, and how many have none. */
export function previousFor(
  saved: SavedPredictions | undefined,
  name: string,
  set: CorpusReport[],
): { covered: CorpusReport[]; missing: number; extract: (r: ReportInput) => ScoredEvent[] } | undefined {
  const preds = saved?.sets[name];
  if (!preds) return undefined;
  const covered = set.filter((r) => preds[r.id]?.hash === textHash(r.text));
  return { covered, missing: set.length - covered.length, extract: (r) => preds[r.id]?.events ?? [] };
}
