/**
 * Scoring of extracted events against the labelled corpus: an event matches a gold event of the
 * same report with the same type and location id. Status, actor and date are scored on matches.
 *
 * Gold ids outside Afghanistan follow the `<iso2>-<province>-<name>` convention, but the world
 * gazetteer may slug a province differently ("gezira" / "al-jazirah"). So a prediction whose id
 * matches no gold event still matches an unmatched gold event of the same type, the same iso2
 * prefix (or the extractor's `xx-`, "no country named") and the same place name once folded
 * (diacritics, "al-"/"el-", punctuation: see foldPlaceName); gold may list the report's other
 * spellings of the place in `aliases` ("Madani" for Wad Madani).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventType, ReportInput } from '../src/types';

export interface GoldEvent {
  type: EventType;
  location: string;
  /** The place's name as the report spells it (dev sets); used by the folded-name fallback. */
  place?: string;
  aliases?: string[];
  status: string;
  actor?: string;
  eventDate?: string;
}
export interface CorpusReport extends ReportInput {
  events: GoldEvent[];
  tags?: string[];
  /** Country the report is about ("Sudan", "Israel/Gaza"); see countryOf for older sets. */
  country?: string;
  /** Where the facts come from: outlet, date, address (the words are ours). */
  source?: string;
}

/** What the scorer needs of a prediction (ExtractedEvent, or one saved by --save-previous). */
export interface ScoredEvent {
  type: EventType;
  location: { id: string; name: string };
  status: string;
  actor?: string;
  eventDate?: string;
  evidence?: { text: string }[];
}

export const CORPUS_PATH = join(__dirname, 'corpus.ndjson');

/** Every labelled set, in print order; eval/README.md says what each one is. */
export const SET_FILES = [
  'corpus.ndjson',
  'holdout.ndjson',
  'holdout2.ndjson',
  'holdout3.ndjson',
  'devset-world.ndjson',
  'holdout-world.ndjson',
];

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

/** Lower case, no diacritics, no leading Arabic article, letters and digits only. */
export function foldPlaceName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(?:al|el|ad|ar|as|an|at|ash)[-\s]+(?=\p{L})/gu, '')
    .replace(/\b(?:border\s+)?(?:crossing|gate|post|city)\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const iso2 = (id: string) => id.slice(0, id.indexOf('-') + 1);

function goldNames(g: GoldEvent): Set<string> {
  const tail = g.location.split('-').slice(-1)[0];
  return new Set([g.place ?? tail, ...(g.aliases ?? [])].map(foldPlaceName));
}

/**
 * The country group of a report: its `country` field, else (older sets) Afghanistan unless one of
 * its gold events is outside it ("world").
 */
export function countryOf(r: CorpusReport): string {
  if (r.country) return r.country;
  return r.events.some((e) => !e.location.startsWith('af-')) ? 'world' : 'Afghanistan';
}

/** Afghanistan, world (everything else), then each country with at least 8 reports in the set. */
export function countryGroups(set: CorpusReport[]): [string, CorpusReport[]][] {
  const byCountry = new Map<string, CorpusReport[]>();
  for (const r of set) byCountry.set(countryOf(r), [...(byCountry.get(countryOf(r)) ?? []), r]);
  const groups: [string, CorpusReport[]][] = [
    ['all', set],
    ['Afghanistan', byCountry.get('Afghanistan') ?? []],
    ['world', set.filter((r) => countryOf(r) !== 'Afghanistan')],
  ];
  const big = [...byCountry].filter(([c, rs]) => c !== 'Afghanistan' && c !== 'world' && rs.length >= 8);
  for (const [c, rs] of big.sort((x, y) => y[1].length - x[1].length)) groups.push([`  ${c}`, rs]);
  return groups.filter(([, rs]) => rs.length);
}

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

/** Gold event for a prediction: same type and id, else the folded-name fallback (see top). */
function findGold(p: ScoredEvent, gold: Map<string, GoldEvent>, used: Set<string>): string | undefined {
  const key = `${p.type}|${p.location.id}`;
  if (gold.has(key)) return key;
  const name = foldPlaceName(p.location.name);
  for (const [k, g] of gold) {
    if (used.has(k) || g.type !== p.type) continue;
    const country = iso2(p.location.id);
    if ((country === 'xx-' || country === iso2(g.location)) && goldNames(g).has(name)) return k;
  }
  return undefined;
}

export function score(
  corpus: CorpusReport[],
  extract: (r: ReportInput) => ScoredEvent[],
): { byType: Record<string, Metrics>; overall: Metrics; mismatches: Mismatch[] } {
  const per: Record<string, Counts> = Object.fromEntries(TYPES.map((t) => [t, zero()]));
  const mismatches: Mismatch[] = [];
  for (const r of corpus) {
    const pred = extract({ id: r.id, text: r.text, publishedAt: r.publishedAt });
    const gold = new Map(r.events.map((g) => [`${g.type}|${g.location}`, g]));
    const seen = new Set<string>();
    const used = new Set<string>();
    for (const p of pred) {
      const gkey = findGold(p, gold, used);
      const key = gkey ?? `${p.type}|${p.location.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = per[p.type];
      const g = gkey ? gold.get(gkey) : undefined;
      if (gkey) used.add(gkey);
      if (!g) {
        c.fp++;
        mismatches.push({
          report: r.id,
          kind: 'fp',
          type: p.type,
          location: p.location.id,
          detail: `${p.status} ${p.actor ?? '-'} | ${p.evidence?.[0]?.text.slice(0, 110) ?? ''}`,
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
      if (!used.has(key)) {
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
