import { describe, expect, it } from 'vitest';
import afghanistan from '../gazetteer/afghanistan.json';
import { buildGazetteer, DEFAULT_PLACES, extractEvents, validatePlaceEntries, type PlaceEntry } from '../src';
import { TokenAutomaton } from '../src/automaton';
import { nameKeys } from '../src/text';

describe('gazetteer data integrity', () => {
  const places = (afghanistan as { places: PlaceEntry[] }).places;
  const capitals = places.filter((p) => p.kind === 'provincial_capital');
  const crossings = places.filter((p) => p.kind === 'border_crossing');

  it('validates as an operator place file would', () => {
    const v = validatePlaceEntries(afghanistan);
    expect(v.ok ? [] : v.errors).toEqual([]);
  });

  it('has all 34 provinces of Afghanistan, each with exactly one capital', () => {
    const provinces = new Set(capitals.map((p) => p.province));
    expect(provinces.size).toBe(34);
    expect(capitals).toHaveLength(34);
    for (const c of capitals) {
      expect(c.province.trim()).not.toBe('');
      expect(c.country).toBe('Afghanistan');
    }
  });

  it('has unique, stable ids (af-<province>-<capital> and af-<crossing>)', () => {
    const ids = places.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of places) expect(p.id).toMatch(/^af-[a-z0-9-]+$/);
    expect(ids).toContain('af-badghis-qala-i-naw');
    expect(ids).toContain('af-islam-qala');
  });

  it('has the official border crossings, each with province and neighbouring country', () => {
    const names = crossings.map((c) => c.name);
    for (const n of [
      'Islam Qala',
      'Torghundi',
      'Abu Nasr Farahi',
      'Milak',
      'Spin Boldak',
      'Torkham',
      'Ghulam Khan',
      'Angur Ada',
      'Dand-e-Patan',
      'Sher Khan Bandar',
      'Hairatan',
      'Aqina',
      'Ai Khanum',
      'Ishkashim',
    ])
      expect(names).toContain(n);
    const neighbours = new Set(['Iran', 'Pakistan', 'Tajikistan', 'Uzbekistan', 'Turkmenistan', 'China']);
    const provinceNames = new Set(capitals.map((c) => c.province));
    for (const c of crossings) {
      expect(neighbours.has(c.neighbor!), c.name).toBe(true);
      expect(provinceNames.has(c.province), c.name).toBe(true);
    }
  });

  it("has coordinates in range (and inside Afghanistan's bounding box)", () => {
    for (const p of places) {
      if (p.lat === undefined) continue;
      expect(p.lat).toBeGreaterThanOrEqual(29);
      expect(p.lat).toBeLessThanOrEqual(38.5);
      expect(p.lon!).toBeGreaterThanOrEqual(60.5);
      expect(p.lon!).toBeLessThanOrEqual(75);
    }
    expect(capitals.every((c) => c.lat !== undefined)).toBe(true);
  });

  it('has no spelling that names two different places, and no province spelling that names another place', () => {
    const owner = new Map<string, string>();
    for (const p of places) {
      for (const n of [p.name, ...(p.aliases ?? [])]) {
        const k = nameKeys(n).join(' ');
        const prev = owner.get(k);
        expect(prev === undefined || prev === p.id, `${n}: ${prev} vs ${p.id}`).toBe(true);
        owner.set(k, p.id);
      }
    }
    for (const p of capitals) {
      for (const n of [p.province, ...(p.provinceAliases ?? [])]) {
        const o = owner.get(nameKeys(n).join(' '));
        // A province may share its name with its own capital (Kunduz, Herat) but with nothing else.
        expect(o === undefined || o === p.id, `${n} -> ${o}`).toBe(true);
      }
    }
  });

  it('knows the common transliterations', () => {
    const gz = buildGazetteer();
    const resolve = (n: string) =>
      gz.automaton
        .findAll(nameKeys(n))
        .flatMap((m) =>
          m.payloads.filter((p) => p.type === 'place').map((p) => (p as { place: { id: string } }).place.id),
        );
    for (const [n, id] of [
      ['Qala-e-Naw', 'af-badghis-qala-i-naw'],
      ['Qalai Naw', 'af-badghis-qala-i-naw'],
      ['Pul-i-Khumri', 'af-baghlan-pul-e-khumri'],
      ['Shibirghan', 'af-jowzjan-sheberghan'],
      ['Tirin Kot', 'af-uruzgan-tarinkot'],
      ['Firozkoh', 'af-ghor-chaghcharan'],
      ['Maimana', 'af-faryab-maymana'],
      ['Aibak', 'af-samangan-aybak'],
      ['Sar-i-Pul', 'af-sar-e-pol-sar-e-pol'],
      ['Shir Khan Bandar', 'af-sher-khan-bandar'],
    ])
      expect(resolve(n), n).toContain(id);
  });
});

describe('validatePlaceEntries', () => {
  it('accepts an array or {places}', () => {
    const p = [
      {
        id: 'sy-bab-al-hawa',
        name: 'Bab al-Hawa',
        kind: 'border_crossing',
        province: 'Idlib',
        country: 'Syria',
        neighbor: 'Turkey',
        lat: 36.23,
        lon: 36.66,
      },
    ];
    expect(validatePlaceEntries(p)).toEqual({ ok: true, places: p });
    expect(validatePlaceEntries({ places: p }).ok).toBe(true);
  });

  it('reports every problem with its path', () => {
    const v = validatePlaceEntries([
      { id: 'bad id!', name: '', kind: 'city', province: 'X', country: 'Y', lat: 95, lon: 10, extra: 1 },
      { id: 'x-1', name: 'Ok', kind: 'border_crossing', province: 'P', country: 'C' },
      { id: 'x-1', name: 'Dup', kind: 'provincial_capital', province: 'P', country: 'C', aliases: [''] },
      'nope',
    ]);
    expect(v.ok).toBe(false);
    const errors = v.ok ? [] : v.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^places\[0\]\.extra: unknown field/),
        expect.stringMatching(/^places\[0\]\.id: letters, digits/),
        expect.stringMatching(/^places\[0\]\.name: must be a non-empty string/),
        expect.stringMatching(/^places\[0\]\.kind: must be one of/),
        expect.stringMatching(/^places\[0\]\.lat: must be a number between -90 and 90/),
        expect.stringMatching(/^places\[1\]\.neighbor: required for a border_crossing/),
        expect.stringMatching(/^places\[2\]\.id: duplicate id/),
        expect.stringMatching(/^places\[2\]\.aliases\[0\]: must be a non-empty name/),
        expect.stringMatching(/^places\[3\]: must be an object/),
      ]),
    );
    expect(validatePlaceEntries('x')).toEqual({
      ok: false,
      errors: [expect.stringMatching(/expected an array/)],
    });
  });
});

describe('buildGazetteer with operator places', () => {
  const extra: PlaceEntry[] = [
    {
      id: 'sy-idlib-idlib',
      name: 'Idlib',
      kind: 'provincial_capital',
      province: 'Idlib',
      country: 'Syria',
      aliases: ['Idleb'],
    },
    {
      id: 'sy-bab-al-hawa',
      name: 'Bab al-Hawa',
      kind: 'border_crossing',
      province: 'Idlib',
      country: 'Syria',
      neighbor: 'Turkey',
      lat: 36.23,
      lon: 36.66,
    },
  ];
  const gz = buildGazetteer(extra);

  it('finds operator places without code changes', () => {
    const evs = extractEvents(
      {
        id: 's1',
        text: 'Rebels seized Bab al-Hawa and stormed Idleb on Saturday, a war monitor said.',
        publishedAt: '2024-12-07',
      },
      { gazetteer: gz },
    );
    expect(evs.map((e) => `${e.type}@${e.location.id}`).sort()).toEqual([
      'border_crossing_control_change@sy-bab-al-hawa',
      'provincial_capital_attack@sy-idlib-idlib',
    ]);
    const bab = evs.find((e) => e.location.id === 'sy-bab-al-hawa')!;
    expect(bab.location).toEqual({
      id: 'sy-bab-al-hawa',
      name: 'Bab al-Hawa',
      kind: 'border_crossing',
      province: 'Idlib',
      country: 'Syria',
      neighbor: 'Turkey',
      lat: 36.23,
      lon: 36.66,
    });
    expect(bab.actor).toBe('rebels');
  });

  it('resolves "the capital of <operator province>"', () => {
    const evs = extractEvents(
      {
        id: 's2',
        text: 'Insurgents captured the capital of Idlib province on Friday.',
        publishedAt: '2024-12-06',
      },
      { gazetteer: gz },
    );
    expect(evs.map((e) => e.location.id)).toEqual(['sy-idlib-idlib']);
  });

  it('lets an operator entry replace a default one by id', () => {
    const g2 = buildGazetteer([
      { ...DEFAULT_PLACES.find((p) => p.id === 'af-torkham')!, aliases: ['Torkham', 'Tor Kham Gate'] },
    ]);
    const evs = extractEvents(
      { id: 's3', text: 'The Taliban seized Tor Kham Gate on Sunday.' },
      { gazetteer: g2 },
    );
    expect(evs.map((e) => e.location.id)).toEqual(['af-torkham']);
  });

  it('throws on invalid entries', () => {
    expect(() => buildGazetteer([{ id: '', name: 'x' } as unknown as PlaceEntry])).toThrow(/invalid places/);
  });
});

describe('TokenAutomaton', () => {
  it('finds all names in one pass, leftmost-longest', () => {
    const a = new TokenAutomaton<string>();
    a.add(['zaranj'], 'city');
    a.add(['zaranj', 'border', 'crossing'], 'crossing');
    a.add(['border'], 'word');
    a.add(['qala', 'i', 'naw'], 'qin');
    a.add(['i', 'naw', 'x'], 'overlap');
    const toks = 'the zaranj border crossing and zaranj border and qala i naw x'.split(' ');
    const m = a.findAll(toks).map((x) => [x.start, x.end, x.payloads.join('+')]);
    expect(m).toEqual([
      [1, 4, 'crossing'],
      [5, 6, 'city'],
      [6, 7, 'word'],
      [8, 11, 'qin'],
    ]);
  });

  it('merges payloads of identical names', () => {
    const a = new TokenAutomaton<string>();
    a.add(['kunduz'], 'city');
    a.add(['kunduz'], 'province');
    expect(a.findAll(['kunduz'])[0].payloads).toEqual(['city', 'province']);
  });
});

describe('operator places over the world gazetteer', () => {
  it("replaces the world's entry for the same town in the same country, whatever the id or country spelling", () => {
    const world = buildGazetteer([]);
    const worldGoma = world.places.filter((p) => p.name === 'Goma');
    expect(worldGoma).toHaveLength(1);
    const ours = buildGazetteer([
      {
        id: 'ops-goma',
        name: 'Goma',
        kind: 'provincial_capital',
        province: 'North Kivu',
        country: 'DR Congo',
      },
    ]);
    expect(ours.places.filter((p) => p.name === 'Goma').map((p) => p.id)).toEqual(['ops-goma']);
    // A town of the same name elsewhere is not touched.
    const elsewhere = buildGazetteer([
      { id: 'ops-goma-x', name: 'Goma', kind: 'provincial_capital', province: 'Nowhere', country: 'Peru' },
    ]);
    expect(elsewhere.places.filter((p) => p.name === 'Goma').map((p) => p.id)).toEqual([
      'ops-goma-x',
      worldGoma[0].id,
    ]);
  });
});
