import { describe, expect, it } from 'vitest';
import { PLACES } from './testing/fixtures';
import { prng, randomEvent, randomRule, syntheticPlaces } from './testing/random';
import { indexKeysOf, RuleSet } from './rule-set';
import { EventContext } from './context';
import type { WatchfireEvent } from '@watchfire/contracts';

const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

describe('rule index', () => {
  it('agrees with the naive evaluation on random rules and events (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const r = prng(seed);
      const places = [...Object.values(PLACES), ...syntheticPlaces(30)];
      const mix = seed % 2 ? {} : { placed: 0.5, typed: 0.3 };
      const set = RuleSet.compile(
        Array.from({ length: 1_500 }, (_, i) => ({ id: `r${i}`, ...randomRule(r, places, mix) })),
      );
      let matched = 0;
      for (let i = 0; i < 400; i++) {
        const e = randomEvent(r, places, i);
        const fast = ids(set.match(e));
        expect(fast, `seed ${seed} event ${i}`).toEqual(ids(set.matchNaive(e)));
        matched += fast.length;
      }
      expect(matched).toBeGreaterThan(0);
    }
  });

  it('tries far fewer rules than it has', () => {
    const r = prng(7);
    const places = syntheticPlaces(500);
    const set = RuleSet.compile(
      Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, ...randomRule(r, places) })),
    );
    let tried = 0;
    for (let i = 0; i < 200; i++) tried += set.candidates(new EventContext(randomEvent(r, places, i))).length;
    expect(tried / 200).toBeLessThan(200);
  });

  it('reads constraints from nested all and from an any over one field', () => {
    const dims = (k: ReturnType<typeof indexKeysOf>) => ({
      place: k.place,
      type: k.type,
      status: k.status,
      implied: k.implied.length,
      conjuncts: k.conjuncts.length,
    });
    expect(
      dims(
        indexKeysOf({
          all: [
            { all: [{ field: 'type', in: ['provincial_capital_attack'] }] },
            {
              any: [
                { field: 'location.id', eq: 'A' },
                { field: 'location.id', in: ['b'] },
              ],
            },
          ],
        }),
      ),
    ).toEqual({
      place: ['location.id=a', 'location.id=b'],
      type: ['provincial_capital_attack'],
      status: null,
      implied: 2,
      conjuncts: 2,
    });
    expect(
      dims(
        indexKeysOf({
          all: [
            { field: 'location.name', in: ['X', 'Y'] },
            { field: 'location.name', eq: 'y' },
            { field: 'location.id', eq: 'z' },
          ],
        }),
      ),
    ).toEqual({ place: ['location.id=z'], type: null, status: null, implied: 1, conjuncts: 3 });
    expect(
      dims(
        indexKeysOf({
          all: [
            { field: 'status', in: ['claimed'], exists: true },
            { field: 'confidence', gte: 0.5 },
          ],
        }),
      ),
    ).toEqual({ place: null, type: null, status: ['claimed'], implied: 1, conjuncts: 2 });
    expect(
      indexKeysOf({
        all: [
          { field: 'confidence', gte: 0.5 },
          { field: 'confidence', lte: 0.9, gte: 0.6 },
          { field: 'confidence', exists: true },
        ],
      }).confidence,
    ).toEqual([0.6, 0.9]);
    expect(
      dims(
        indexKeysOf({
          any: [
            { field: 'type', eq: 'provincial_capital_attack' },
            { field: 'status', eq: 'claimed' },
          ],
        }),
      ),
    ).toEqual({ place: null, type: null, status: null, implied: 0, conjuncts: 1 });
    // type and status are closed and required, so a negation is the other values
    expect(dims(indexKeysOf({ not: { field: 'type', eq: 'provincial_capital_attack' } }))).toEqual({
      place: null,
      type: ['provincial_capital_captured', 'border_crossing_control_change'],
      status: null,
      implied: 1,
      conjuncts: 1,
    });
    expect(
      dims(
        indexKeysOf({
          all: [
            { not: { field: 'status', in: ['denied', 'claimed'] } },
            { field: 'status', in: ['confirmed', 'denied'] },
          ],
        }),
      ),
    ).toEqual({ place: null, type: null, status: ['confirmed'], implied: 2, conjuncts: 2 });
    // ... but not a negation that is more than "in": `exists` or a range stays a condition
    expect(dims(indexKeysOf({ not: { field: 'status', eq: 'denied', exists: true } }))).toEqual({
      place: null,
      type: null,
      status: null,
      implied: 0,
      conjuncts: 1,
    });
    expect(dims(indexKeysOf({ not: { field: 'actor', eq: 'ISKP' } }))).toEqual({
      place: null,
      type: null,
      status: null,
      implied: 0,
      conjuncts: 1,
    });
  });

  it('skips disabled rules, keeps rule order, and counts residual rules', () => {
    const set = RuleSet.compile([
      { id: 'b', name: 'b', enabled: true, severity: 'low', when: { field: 'confidence', gte: 0 } },
      {
        id: 'a',
        name: 'a',
        enabled: true,
        severity: 'low',
        when: { field: 'location.neighbor', eq: 'iran' },
      },
      { id: 'off', name: 'off', enabled: false, severity: 'low', when: { field: 'confidence', gte: 0 } },
    ]);
    const e: WatchfireEvent = randomEvent(prng(1), [PLACES.islamQala], 0);
    expect(ids(set.match(e))).toEqual(['b', 'a']);
    expect(set.stats()).toEqual({ rules: 3, enabled: 2, residual: 1, conditions: 0 });
    expect(set.explain(e).map((x) => x.rule.id)).toEqual(['b', 'a']);
    expect(
      set
        .explain({ ...e, location: PLACES.kandahar, type: 'provincial_capital_attack' }, { all: true })
        .map((x) => [x.rule.id, x.explanation.matched]),
    ).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });

  it('checks confidence bounds in the index the way the condition would, even for an event without one', () => {
    const set = RuleSet.compile([
      {
        id: 'sure',
        name: 'sure',
        enabled: true,
        severity: 'low',
        when: {
          all: [
            { field: 'confidence', gte: 0.6 },
            { field: 'confidence', lte: 0.9 },
          ],
        },
      },
      {
        id: 'any',
        name: 'any',
        enabled: true,
        severity: 'low',
        when: { field: 'type', in: ['provincial_capital_attack'] },
      },
    ]);
    const e: WatchfireEvent = {
      ...randomEvent(prng(3), [PLACES.kandahar], 0),
      type: 'provincial_capital_attack',
    };
    for (const [confidence, want] of [
      [0.59, ['any']],
      [0.6, ['sure', 'any']],
      [0.9, ['sure', 'any']],
      [0.91, ['any']],
      [undefined, ['any']],
    ] as const) {
      const ev = { ...e, confidence } as WatchfireEvent;
      expect(ids(set.match(ev)), String(confidence)).toEqual(want);
      expect(ids(set.matchNaive(ev)), String(confidence)).toEqual(want);
    }
  });

  it('knows a place by all the place values rules use, not by its id alone', () => {
    const set = RuleSet.compile([
      {
        id: 'by-name',
        name: 'n',
        enabled: true,
        severity: 'low',
        when: { field: 'location.name', eq: 'Islam Qala' },
      },
      {
        id: 'by-province',
        name: 'p',
        enabled: true,
        severity: 'low',
        when: { field: 'location.province', eq: 'Herat' },
      },
    ]);
    const e: WatchfireEvent = randomEvent(prng(5), [PLACES.islamQala], 0);
    expect(ids(set.match(e))).toEqual(['by-name', 'by-province']);
    expect(ids(set.match({ ...e, location: { ...e.location, name: 'Islam Qala (old gate)' } }))).toEqual([
      'by-province',
    ]);
    expect(ids(set.match({ ...e, location: { ...e.location, province: 'Farah' } }))).toEqual(['by-name']);
    expect(ids(set.match(e))).toEqual(['by-name', 'by-province']);
  });

  it('tells places with one id apart by neighbour and country too', () => {
    const set = RuleSet.compile([
      {
        id: 'by-neighbor',
        name: 'n',
        enabled: true,
        severity: 'low',
        when: { field: 'location.neighbor', eq: 'Iran' },
      },
      {
        id: 'by-country',
        name: 'c',
        enabled: true,
        severity: 'low',
        when: { field: 'location.country', eq: 'Afghanistan' },
      },
    ]);
    const e: WatchfireEvent = randomEvent(prng(6), [PLACES.islamQala], 0);
    expect(ids(set.match(e))).toEqual(['by-neighbor', 'by-country']);
    expect(ids(set.match({ ...e, location: { ...e.location, neighbor: 'Turkmenistan' } }))).toEqual([
      'by-country',
    ]);
    expect(
      ids(set.match({ ...e, location: { ...e.location, country: 'Iran', neighbor: 'Afghanistan' } })),
    ).toEqual([]);
    const { neighbor: _, ...inland } = e.location;
    expect(ids(set.match({ ...e, location: inland }))).toEqual(['by-country']);
    expect(ids(set.match(e))).toEqual(['by-neighbor', 'by-country']);
  });

  it('stays right when the places it remembers are forgotten (more places than it keeps)', () => {
    const r = prng(9);
    const places = syntheticPlaces(60);
    const set = RuleSet.compile(
      Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, ...randomRule(r, places) })),
    );
    let matched = 0;
    // 50,000 places are remembered at most: ids beyond make it start over, more than once
    for (let i = 0; i < 120_000; i++) {
      const place = places[i % places.length];
      const e = randomEvent(r, [{ ...place, id: `${place.id}-${i}` }], i);
      const fast = set.match(e);
      if (i % 97 === 0) expect(ids(fast), `event ${i}`).toEqual(ids(set.matchNaive(e)));
      matched += fast.length;
    }
    expect(matched).toBeGreaterThan(0);
  });
});
