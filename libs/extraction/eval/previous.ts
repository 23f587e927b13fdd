/**
 * The "previous extractor" column of `npm run eval:extraction`: the predictions of the extractor
 * at a fixed commit, saved per set and report in previous-predictions.json by
 * `npm run eval:extraction -- --save-previous` and scored again by the current scorer. Saving
 * predictions (not scores) keeps the column honest when the scorer or the country groups change,
 * needs no git history (CI clones shallow) and no second copy of the code; a report added after
 * the save has no saved prediction and is counted as `missing` rather than silently scored.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedEvent, ReportInput } from '../src/types';
import type { CorpusReport, ScoredEvent } from './score';

export const PREVIOUS_PATH = join(__dirname, 'previous-predictions.json');

export interface SavedPredictions {
  commit: string;
  savedAt: string;
  note: string;
  sets: Record<string, Record<string, ScoredEvent[]>>;
}

const slim = (e: ExtractedEvent): ScoredEvent => ({
  type: e.type,
  location: { id: e.location.id, name: e.location.name },
  status: e.status,
  ...(e.actor ? { actor: e.actor } : {}),
  ...(e.eventDate ? { eventDate: e.eventDate } : {}),
});

function headCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
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
    commit: headCommit(),
    savedAt: new Date().toISOString(),
    note: 'Predictions of the extractor at `commit`, written by npm run eval:extraction -- --save-previous.',
    sets: {},
  };
  for (const [name, set] of sets) {
    saved.sets[name] = Object.fromEntries(set.map((r) => [r.id, extract(r).map(slim)]));
  }
  writeFileSync(path, JSON.stringify(saved, null, 1) + '\n');
  return saved;
}

export function loadPrevious(path = PREVIOUS_PATH): SavedPredictions | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SavedPredictions;
  } catch {
    return undefined;
  }
}

/** Reports of `set` that have saved predictions, and how many have none. */
export function previousFor(
  saved: SavedPredictions | undefined,
  name: string,
  set: CorpusReport[],
): { covered: CorpusReport[]; missing: number; extract: (r: ReportInput) => ScoredEvent[] } | undefined {
  const preds = saved?.sets[name];
  if (!preds) return undefined;
  const covered = set.filter((r) => preds[r.id]);
  return { covered, missing: set.length - covered.length, extract: (r) => preds[r.id] ?? [] };
}
