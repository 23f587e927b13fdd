/**
 * Scoring of extracted events against the labelled corpus: an event matches a gold event of the
 * same report with the same type and location id. Status, actor and date are scored on matches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventType, ExtractedEvent, ReportInput } from '../src/types';

export interface GoldEvent {
  type: EventType;
  location: string;
  status: string;
  actor?: string;
  eventDate?: string;
}
export interface CorpusReport extends ReportInput {
  events: GoldEvent[];
  tags?: string[];
}

export const CORPUS_PATH = join(__dirname, 'corpus.ndjson');

export function loadCorpus(path = CORPUS_PATH): CorpusReport[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusReport);
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  statusOk: number;
  actorOk: number;
  actorN: number;
  dateOk: number;
  dateN: number;
}
export interface Metrics extends Counts {
  precision: number;
  recall: number;
  f1: number;
  statusAcc: number;
  actorAcc: number;
  dateAcc: number;
}
export interface Mismatch {
  report: string;
  kind: 'fp' | 'fn' | 'status' | 'actor' | 'date';
  type: EventType;
  location: string;
  detail: string;
}

export const TYPES: EventType[] = [
  'provincial_capital_captured',
  'provincial_capital_attack',
  'border_crossing_control_change',
];

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, statusOk: 0, actorOk: 0, actorN: 0, dateOk: 0, dateN: 0 });

export function metrics(c: Counts): Metrics {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    ...c,
    precision,
    recall,
    f1,
    statusAcc: c.tp ? c.statusOk / c.tp : 1,
    actorAcc: c.actorN ? c.actorOk / c.actorN : 1,
    dateAcc: c.dateN ? c.dateOk / c.dateN : 1,
  };
}

export function score(
  corpus: CorpusReport[],
  extract: (r: ReportInput) => ExtractedEvent[],
): { byType: Record<string, Metrics>; overall: Metrics; mismatches: Mismatch[] } {
  const per: Record<string, Counts> = Object.fromEntries(TYPES.map((t) => [t, zero()]));
  const mismatches: Mismatch[] = [];
  for (const r of corpus) {
    const pred = extract({ id: r.id, text: r.text, publishedAt: r.publishedAt });
    const gold = new Map(r.events.map((g) => [`${g.type}|${g.location}`, g]));
    const seen = new Set<string>();
    for (const p of pred) {
      const key = `${p.type}|${p.location.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = per[p.type];
      const g = gold.get(key);
      if (!g) {
        c.fp++;
        mismatches.push({
          report: r.id,
          kind: 'fp',
          type: p.type,
          location: p.location.id,
          detail: `${p.status} ${p.actor ?? '-'} | ${p.evidence[0]?.text.slice(0, 110)}`,
        });
        continue;
      }
      c.tp++;
      if (p.status === g.status) c.statusOk++;
      else
        mismatches.push({
          report: r.id,
          kind: 'status',
          type: p.type,
          location: p.location.id,
          detail: `got ${p.status}, want ${g.status}`,
        });
      if (g.actor) {
        c.actorN++;
        if (p.actor === g.actor) c.actorOk++;
        else
          mismatches.push({
            report: r.id,
            kind: 'actor',
            type: p.type,
            location: p.location.id,
            detail: `got ${p.actor}, want ${g.actor}`,
          });
      }
      if (g.eventDate) {
        c.dateN++;
        if (p.eventDate === g.eventDate) c.dateOk++;
        else
          mismatches.push({
            report: r.id,
            kind: 'date',
            type: p.type,
            location: p.location.id,
            detail: `got ${p.eventDate}, want ${g.eventDate}`,
          });
      }
    }
    for (const [key, g] of gold) {
      if (!seen.has(key)) {
        per[g.type].fn++;
        mismatches.push({
          report: r.id,
          kind: 'fn',
          type: g.type,
          location: g.location,
          detail: `${g.status} ${g.actor ?? '-'}`,
        });
      }
    }
  }
  const all = zero();
  for (const c of Object.values(per)) for (const k of Object.keys(all) as (keyof Counts)[]) all[k] += c[k];
  return {
    byType: Object.fromEntries(Object.entries(per).map(([k, v]) => [k, metrics(v)])),
    overall: metrics(all),
    mismatches,
  };
}
