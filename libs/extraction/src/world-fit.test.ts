import { describe, expect, it } from 'vitest';
import { extractEvents } from './extract';
import { getWorldGazetteer, type GazPlace } from './gazetteer';
import { dropUnfitWorldPlaces } from './world-fit';

const places = (text: string) =>
  extractEvents({ id: 't', text, publishedAt: '2024-05-10' }, { gazetteer: getWorldGazetteer() }).map(
    (e) => `${e.type}|${e.location.id}`,
  );

describe('country fit of world places (written by the team, modelled on wire copy)', () => {
  it("drops a capital of another country that shares a town's name", () => {
    expect(
      places(
        'Aid agencies warned that insurgents could soon attack Pemba, the capital of Cabo Delgado province, after fighting in Palma.',
      ),
    ).toEqual([]);
  });

  it('keeps a shared name when the report is about its country', () => {
    expect(
      places(
        "Heavy fighting broke out in Tripoli on Thursday between rival armed groups, Libya's health ministry said, a day after clashes in Misrata.",
      ),
    ).toContain('provincial_capital_attack|ly-tripoli-tripoli');
  });

  it('does not read a national capital standing for its government as the place of an attack elsewhere', () => {
    const found = places(
      'Taliban fighters stormed the outskirts of Qala-i-Naw, the capital of Badghis province, on Wednesday. The assault began only hours after Washington announced that most of its troops had left the country.',
    );
    expect(found).toContain('provincial_capital_attack|af-badghis-qala-i-naw');
    expect(found.filter((p) => p.includes('washington'))).toEqual([]);
  });

  it('keeps a capital that needs no fit, and a flagged one when nothing says otherwise', () => {
    expect(
      places('Rebels of the M23 seized Goma, the capital of North Kivu province, on Monday, residents said.'),
    ).toEqual(['provincial_capital_captured|cd-north-kivu-goma']);
  });
});

describe('dropUnfitWorldPlaces (pure)', () => {
  const place = (
    country: string,
    flags: { multiCountry?: boolean; national?: boolean; ambiguous?: boolean },
  ) => ({
    kind: 'place',
    place: { country, countryCode: country.slice(0, 2).toLowerCase(), ...flags } as GazPlace,
  });
  it('drops a flagged place of a country the report is not about, keeps the rest', () => {
    const ms = [
      place('Afghanistan', {}),
      place('Afghanistan', {}),
      place('United States', { national: true, multiCountry: true }),
      place('Libya', { multiCountry: true }),
    ];
    expect(dropUnfitWorldPlaces(ms)).toBe(true);
    expect(ms.map((m) => m.place.country)).toEqual(['Afghanistan', 'Afghanistan']);
  });
  it('keeps flagged places when nothing else says where the report is', () => {
    const ms = [place('Libya', { multiCountry: true })];
    expect(dropUnfitWorldPlaces(ms)).toBe(false);
    expect(ms).toHaveLength(1);
  });
  it('counts a country named outright, not a demonym', () => {
    const ms = [
      { kind: 'country', country: { code: 'lb', name: 'Lebanon', aliases: [], demonyms: [] } },
      place('Libya', { multiCountry: true }),
    ];
    expect(dropUnfitWorldPlaces(ms)).toBe(true);
    const ds = [
      { kind: 'country', demonym: true, country: { code: 'lb', name: 'Lebanon', aliases: [], demonyms: [] } },
      place('Libya', { multiCountry: true }),
    ];
    expect(dropUnfitWorldPlaces(ds)).toBe(false);
  });
});
