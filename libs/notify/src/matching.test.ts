import { describe, expect, it } from 'vitest';
import {
  EVENT_STATUSES,
  EVENT_TYPES,
  STATUS_ORDER,
  SEVERITIES,
  SubscriptionFilterSchema,
  type SubscriptionFilter,
} from '@watchfire/contracts';
import { alertFacts, matchesFilter, SubscriptionIndex, type AlertFacts } from './matching';
import { sampleAlert } from './testing/fixtures';

/** Seeded PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVINCES = ['Badghis', 'Herat', 'Kunduz', 'Balkh', 'Helmand', 'Kandahar', 'Nimroz', 'Takhar'];
const COUNTRIES = ['Afghanistan', 'Syria', 'Ukraine'];
const NEIGHBORS = ['Iran', 'Tajikistan', 'Pakistan', 'Turkmenistan'];
const LOCATIONS = Array.from({ length: 30 }, (_, i) => `loc-${i}`);
const RULES = Array.from({ length: 12 }, (_, i) => `rule-${i}`);

function randomFilter(r: () => number): SubscriptionFilter | undefined {
  if (r() < 0.05) return undefined;
  const pick = <T>(xs: readonly T[], max = 3): T[] => {
    const n = 1 + Math.floor(r() * max);
    return [...new Set(Array.from({ length: n }, () => xs[Math.floor(r() * xs.length)]))];
  };
  const f: SubscriptionFilter = {};
  if (r() < 0.4) f.eventTypes = pick(EVENT_TYPES, 2);
  if (r() < 0.3) f.provinces = pick(PROVINCES).map((p) => (r() < 0.3 ? p.toUpperCase() : p));
  if (r() < 0.3) f.countries = pick(COUNTRIES, 2);
  if (r() < 0.15) f.neighbors = pick(NEIGHBORS, 2);
  if (r() < 0.15) f.locationIds = pick(LOCATIONS, 4);
  if (r() < 0.4) f.minSeverity = SEVERITIES[Math.floor(r() * SEVERITIES.length)]!;
  if (r() < 0.2) f.ruleIds = pick(RULES, 3);
  if (r() < 0.2) f.minStatus = pick(STATUS_ORDER, 1)[0]!;
  return SubscriptionFilterSchema.parse(f);
}

function randomFacts(r: () => number): AlertFacts {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return {
    type: pick(EVENT_TYPES),
    locationId: pick(LOCATIONS),
    province: pick(PROVINCES),
    country: pick(COUNTRIES),
    neighbor: r() < 0.5 ? pick(NEIGHBORS) : undefined,
    severity: pick(SEVERITIES),
    ruleIds: [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(RULES)))],
    status: pick(EVENT_STATUSES),
  };
}

describe('matchesFilter (reference semantics)', () => {
  const facts = alertFacts(sampleAlert());

  it('no filter or an empty filter matches everything', () => {
    expect(matchesFilter(undefined, facts)).toBe(true);
    expect(matchesFilter({}, facts)).toBe(true);
  });

  it('AND across criteria, OR within a list', () => {
    expect(matchesFilter({ provinces: ['Herat', 'Badghis'] }, facts)).toBe(true);
    expect(matchesFilter({ provinces: ['Herat'] }, facts)).toBe(false);
    expect(
      matchesFilter({ provinces: ['Badghis'], eventTypes: ['provincial_capital_captured'] }, facts),
    ).toBe(false);
    expect(
      matchesFilter(
        { provinces: ['Badghis'], eventTypes: ['provincial_capital_attack', 'provincial_capital_captured'] },
        facts,
      ),
    ).toBe(true);
  });

  it('place names compare without case, diacritics or hyphen differences', () => {
    expect(matchesFilter({ provinces: ['badghis'] }, facts)).toBe(true);
    expect(matchesFilter({ countries: ['AFGHANISTAN'] }, facts)).toBe(true);
    expect(matchesFilter({ provinces: ['Bādghīs'] }, facts)).toBe(true);
  });

  it('minStatus: claimed < reported < confirmed, and a denial always passes', () => {
    const at = (status: 'claimed' | 'reported' | 'confirmed' | 'denied') =>
      alertFacts(sampleAlert({ status }));
    expect(matchesFilter({ minStatus: 'reported' }, at('claimed'))).toBe(false);
    expect(matchesFilter({ minStatus: 'reported' }, at('reported'))).toBe(true);
    expect(matchesFilter({ minStatus: 'reported' }, at('confirmed'))).toBe(true);
    expect(matchesFilter({ minStatus: 'confirmed' }, at('reported'))).toBe(false);
    expect(matchesFilter({ minStatus: 'confirmed' }, at('denied'))).toBe(true);
    const index = new SubscriptionIndex<{ id: string; filter?: SubscriptionFilter }>();
    index.upsert({ id: 'firm', filter: { minStatus: 'confirmed' } });
    index.upsert({ id: 'sev', filter: { minStatus: 'reported', minSeverity: 'low' } });
    expect(index.match(sampleAlert({ status: 'claimed' }))).toEqual([]);
    expect(index.match(sampleAlert({ status: 'reported' })).map((s) => s.id)).toEqual(['sev']);
  });

  it('severity is a threshold', () => {
    expect(matchesFilter({ minSeverity: 'high' }, facts)).toBe(true);
    expect(matchesFilter({ minSeverity: 'medium' }, facts)).toBe(true);
    expect(matchesFilter({ minSeverity: 'critical' }, facts)).toBe(false);
  });

  it('a neighbor filter needs a neighbor; rule ids match any of the alert rules', () => {
    expect(matchesFilter({ neighbors: ['Iran'] }, facts)).toBe(false);
    expect(matchesFilter({ neighbors: ['Iran'] }, { ...facts, neighbor: 'iran' })).toBe(true);
    expect(matchesFilter({ ruleIds: ['x', 'capital-attacks'] }, facts)).toBe(true);
    expect(matchesFilter({ ruleIds: ['x'] }, facts)).toBe(false);
    expect(matchesFilter({ locationIds: ['af-badghis-qala-i-naw'] }, facts)).toBe(true);
  });
});

describe('SubscriptionIndex', () => {
  it('returns exactly what a naive scan returns, on random data (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const r = prng(seed);
      const subs = Array.from({ length: 3_000 }, (_, i) => ({ id: `s${i}`, filter: randomFilter(r) }));
      const index = new SubscriptionIndex<(typeof subs)[number]>();
      for (const s of subs) index.upsert(s);
      // Churn: replace and remove some, as a compacted topic replay would.
      for (let i = 0; i < 500; i++) {
        const j = Math.floor(r() * subs.length);
        if (subs[j].id.startsWith('gone-')) continue;
        if (r() < 0.5) {
          subs[j] = { id: subs[j].id, filter: randomFilter(r) };
          index.upsert(subs[j]);
        } else {
          index.remove(subs[j].id);
          subs[j] = { id: `gone-${subs[j].id}`, filter: subs[j].filter };
        }
      }
      const live = subs.filter((s) => !s.id.startsWith('gone-'));
      expect(index.size).toBe(live.length);
      for (let k = 0; k < 300; k++) {
        const facts = randomFacts(r);
        const naive = live
          .filter((s) => matchesFilter(s.filter, facts))
          .map((s) => s.id)
          .sort();
        const indexed = index
          .match(facts)
          .map((s) => s.id)
          .sort();
        expect(indexed, `seed ${seed} alert ${k}`).toEqual(naive);
      }
    }
  });

  it('accepts a whole Alert and replaces a subscription on upsert', () => {
    const index = new SubscriptionIndex<{ id: string; filter?: SubscriptionFilter }>();
    index.upsert({ id: 'a', filter: { provinces: ['Herat'] } });
    expect(index.match(sampleAlert())).toEqual([]);
    index.upsert({ id: 'a', filter: { provinces: ['Badghis'], minSeverity: 'low' } });
    expect(index.match(sampleAlert()).map((s) => s.id)).toEqual(['a']);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.match(sampleAlert())).toEqual([]);
  });

  it('does not look at subscribers of other places (100k subscribers)', () => {
    const r = prng(7);
    const index = new SubscriptionIndex<{ id: string; filter?: SubscriptionFilter }>();
    const provinces = Array.from({ length: 500 }, (_, i) => `Province ${i}`);
    // Counts how many subscriptions' filters the index reads while matching: the work it does,
    // measured without a clock.
    let filterReads = 0;
    for (let i = 0; i < 100_000; i++) {
      const filter: SubscriptionFilter = {
        countries: ['Afghanistan'],
        provinces: [provinces[Math.floor(r() * provinces.length)]],
        minSeverity: 'medium',
      };
      index.upsert({
        id: `s${i}`,
        get filter() {
          filterReads++;
          return filter;
        },
      });
    }
    const facts: AlertFacts = {
      type: 'provincial_capital_attack',
      locationId: 'x',
      province: 'Province 7',
      country: 'Afghanistan',
      severity: 'high',
      ruleIds: ['r'],
    };
    filterReads = 0;
    const n = index.match(facts).length;
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(400);
    // Only the subscriptions filed under the alert's province are verified, never the other 99.8%.
    expect(filterReads).toBeGreaterThanOrEqual(n);
    expect(filterReads).toBeLessThanOrEqual(2 * n);
  });
});
