import {
  type Condition,
  EVENT_STATUSES,
  EVENT_TYPES,
  type RuleSpec,
  SEVERITIES,
  type WatchfireEvent,
} from '@watchfire/contracts';

/** mulberry32: a small seeded PRNG, so property tests and benchmarks are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Place = WatchfireEvent['location'];

const ACTORS = ['Taliban', 'government forces', 'ISKP', 'local militia'];
const SOURCES = ['wire', 'tolo', 'pajhwok', 'bbc', 'field'];
const WORDS = [
  'seized',
  'captured',
  'border',
  'attack',
  'siege',
  'clashes',
  'district',
  'fled',
  'retreated',
  'customs',
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const some = <T>(r: () => number, xs: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(r() * max);
  return [...new Set(Array.from({ length: n }, () => pick(r, xs)))];
};

export interface RuleMix {
  /** Share of rules that name a place (location.id/name/province/neighbor). Default 0.97. */
  placed?: number;
  /** Share of rules with only a type and/or status constraint. Default 0.025; the rest have none (residual). */
  typed?: number;
  /** Place constraints only by id, name or province (no country- or neighbour-wide rules). */
  specific?: boolean;
}

/**
 * Random rules over the given places. With `mix` unset, rules look like what operators write at
 * scale: most name a place (and often a type and status), a few are broad.
 */
export function randomRule(r: () => number, places: readonly Place[], mix: RuleMix = {}): RuleSpec {
  const all: Condition[] = [];
  const roll = r();
  const placed = mix.placed ?? 0.97;
  const typed = mix.typed ?? 0.025;
  if (roll < placed) {
    const p = pick(r, places);
    const how = r();
    if (how < 0.5)
      all.push({
        field: 'location.id',
        in: some(r, places, 2)
          .map((x) => x.id)
          .concat(p.id),
      });
    else if (how < 0.75) all.push({ field: 'location.name', eq: p.name });
    else if (how < 0.9 || mix.specific) all.push({ field: 'location.province', in: [p.province] });
    else
      all.push(
        p.neighbor
          ? { field: 'location.neighbor', eq: p.neighbor }
          : { field: 'location.country', eq: p.country },
      );
    if (r() < 0.7) all.push({ field: 'type', in: some(r, EVENT_TYPES, 2) });
  } else if (roll < placed + typed) {
    all.push({ field: 'type', in: some(r, EVENT_TYPES, 2) });
  }
  if (r() < 0.4) all.push({ field: 'status', in: some(r, EVENT_STATUSES, 3) });
  if (r() < 0.3) all.push({ not: { field: 'status', eq: 'denied' } });
  if (r() < 0.3) all.push({ field: 'confidence', gte: Math.round(r() * 10) / 10 });
  if (r() < 0.2)
    all.push({
      any: [
        { field: 'actor', in: some(r, ACTORS, 2) },
        { field: 'actor', exists: false },
      ],
    });
  if (r() < 0.15) all.push({ text: 'evidence', contains: some(r, WORDS, 3) });
  if (r() < 0.05) all.push({ text: 'report', matches: `(?i)${pick(r, WORDS)}|${pick(r, WORDS)}` });
  if (r() < 0.1) all.push({ field: 'report.source', in: some(r, SOURCES, 2) });
  if (all.length === 0) all.push({ field: 'confidence', gte: 0.5 });
  return {
    name: `random ${Math.floor(r() * 1e9)}`,
    enabled: r() > 0.02,
    severity: pick(r, SEVERITIES),
    when: all.length === 1 ? all[0] : { all },
  };
}

export function randomEvent(r: () => number, places: readonly Place[], i: number): WatchfireEvent {
  const place = pick(r, places);
  const type =
    place.kind === 'border_crossing'
      ? 'border_crossing_control_change'
      : pick(r, ['provincial_capital_attack', 'provincial_capital_captured'] as const);
  const ev = `${pick(r, ['The Taliban', 'Officials', 'Residents'])} said fighters ${pick(r, WORDS)} ${place.name} after ${pick(r, WORDS)} near the ${pick(r, WORDS)}.`;
  return {
    id: `e-${i}`,
    reportId: `r-${i}`,
    type,
    location: place,
    ...(r() < 0.8 ? { actor: pick(r, ACTORS) } : {}),
    status: pick(r, EVENT_STATUSES),
    confidence: Math.round(r() * 100) / 100,
    evidence: [{ text: ev, start: 0, end: ev.length }],
    report: { source: pick(r, SOURCES) },
    reportText: `${ev} ${Array.from({ length: 60 }, () => pick(r, WORDS)).join(' ')}.`,
  };
}

/** A synthetic world of `n` places (for scale tests beyond the gazetteer). */
export function syntheticPlaces(n: number): Place[] {
  const countries = ['Afghanistan', 'Syria', 'Yemen', 'Sudan', 'Mali', 'Myanmar', 'Ukraine', 'Somalia'];
  const neighbors = ['Iran', 'Pakistan', 'Tajikistan', 'Turkey', 'Chad', 'Thailand', 'Poland', 'Kenya'];
  return Array.from({ length: n }, (_, i) => {
    const border = i % 5 === 0;
    return {
      id: `p-${i}`,
      name: `Place ${i}`,
      kind: border ? 'border_crossing' : 'provincial_capital',
      province: `Province ${Math.floor(i / 3)}`,
      country: countries[i % countries.length],
      ...(border ? { neighbor: neighbors[i % neighbors.length] } : {}),
    };
  });
}

/**
 * A rule set as it grows in a real deployment: a handful of broad rules (the first `broad`, like
 * the defaults: by type, status, confidence) and then rules about particular places.
 */
export function scaledRules(
  r: () => number,
  places: readonly Place[],
  n: number,
  broad = 10,
): (RuleSpec & { id: string })[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    ...randomRule(r, places, i < broad ? { placed: 0, typed: 0.8 } : { placed: 1, specific: true }),
  }));
}
