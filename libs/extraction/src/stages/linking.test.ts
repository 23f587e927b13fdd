import { describe, expect, it } from 'vitest';
import { buildGazetteer, extractEvents, type ExtractedEvent } from '..';
import { RAFAH_CROSSING } from '../testing/world-places';

// Sentences written for these tests, after constructions read in wire copy from Sudan, Ethiopia,
// Ukraine, DR Congo, Syria, Myanmar and Gaza (2022-2024). Capitals come from the world gazetteer;
// one crossing outside Afghanistan is added as an operator place.
const gaz = buildGazetteer(RAFAH_CROSSING);
const ex = (text: string, publishedAt = '2024-05-10'): ExtractedEvent[] =>
  extractEvents({ id: 'w', text, publishedAt }, { gazetteer: gaz });
const brief = (text: string, publishedAt?: string) =>
  ex(text, publishedAt).map((e) => [e.type, e.location.id, e.actor, e.status].join(' '));

describe('capitals named through their province', () => {
  it('reads "the capital of Sudan\'s North Darfur State"', () => {
    expect(
      brief("Paramilitary RSF fighters seized El Fasher, the capital of Sudan's North Darfur State."),
    ).toEqual(['provincial_capital_captured sd-north-darfur-el-fasher Rapid Support Forces reported']);
  });
  it('reads "West Darfur\'s capital of El Geneina"', () => {
    expect(brief("RSF units took control of West Darfur's capital of El Geneina on Thursday.")).toEqual([
      'provincial_capital_captured sd-west-darfur-el-geneina Rapid Support Forces reported',
    ]);
  });
  it('reads "the Tigray region\'s capital Mekelle" and "the regional capital"', () => {
    expect(brief("Tigrayan forces re-entered the Tigray region's capital Mekelle on Monday.")).toEqual([
      'provincial_capital_attack et-tigray-mekelle TPLF reported',
    ]);
    expect(brief('Rebel forces entered the Tigray regional capital on Monday.')).toEqual([
      'provincial_capital_attack et-tigray-mekelle rebels reported',
    ]);
  });
  it('reads "X, capital of Y" without an article', () => {
    expect(brief('M23 fighters captured Goma, capital of North Kivu province, on Monday.')).toEqual([
      'provincial_capital_captured cd-north-kivu-goma M23 reported',
    ]);
  });
  it('reads "fell under the control of" with "the state capital"', () => {
    expect(brief('Wad Madani, the state capital, fell under the control of the RSF on Tuesday.')).toEqual([
      'provincial_capital_captured sd-gezira-wad-madani Rapid Support Forces reported',
    ]);
  });
});

describe('border crossings by phrasing', () => {
  it('holding one side of a crossing is a change of control of the crossing', () => {
    expect(
      brief(
        'Israeli troops established operational control over the Gaza side of the Rafah crossing on Tuesday.',
      ),
    ).toEqual(['border_crossing_control_change ps-rafah Israeli forces reported']);
  });
  it('reads "the border gate at X was seized"', () => {
    expect(brief('The border gate at Rafah was seized by Israeli troops on Tuesday.')).toEqual([
      'border_crossing_control_change ps-rafah Israeli forces reported',
    ]);
  });
  it('reads "the X border gate was seized" for a known crossing', () => {
    expect(brief('The Torkham border gate was seized by the Taliban on Tuesday.', '2021-08-20')).toEqual([
      'border_crossing_control_change af-torkham Taliban reported',
    ]);
  });
  it('does not read trade halted at a crossing as a change of control', () => {
    expect(brief('Trade at the Torkham border gate was halted on Tuesday.', '2021-08-20')).toEqual([]);
  });
});

describe('actors beyond Afghanistan', () => {
  it('the Free Syrian Army is not "Syrian forces"', () => {
    expect(brief('The Free Syrian Army took Aleppo on Friday.')).toEqual([
      'provincial_capital_captured sy-aleppo-aleppo Free Syrian Army reported',
    ]);
    expect(brief('Syrian forces took Aleppo on Friday.')).toEqual([
      'provincial_capital_captured sy-aleppo-aleppo government forces reported',
    ]);
  });
  it('in Ukraine, Russian forces are not government forces', () => {
    expect(
      brief('Russian forces attacked Chernihiv, the administrative center of the Chernihiv Oblast.'),
    ).toEqual(['provincial_capital_attack ua-chernihiv-chernihiv Russian forces reported']);
  });
  it('"rebel forces" are rebels, not the government\'s "forces"', () => {
    expect(brief('Rebel forces overran Sittwe on Sunday.')).toEqual([
      'provincial_capital_captured mm-rakhine-sittwe rebels reported',
    ]);
  });
});

describe('aims and forecasts are not events', () => {
  it.each([
    'Analysts said El Fasher could fall within 90 days.',
    'It is only a matter of time until they seize Goma, a rebel commander said.',
    'Capturing Aleppo is the stated mission of the HTS offensive.',
    "The capture of Aleppo remains the group's main goal.",
  ])('%s', (text) => {
    expect(brief(text)).toEqual([]);
  });
  it('but "before the ceasefire" is only a time', () => {
    expect(brief('Rebels captured Goma before the ceasefire.')).toEqual([
      'provincial_capital_captured cd-north-kivu-goma rebels reported',
    ]);
  });
});

describe("status of a party's words", () => {
  it('"admitted it had lost control" confirms', () => {
    expect(ex('The Sudanese army admitted it had lost control of Wad Madani.')[0]?.status).toBe('confirmed');
  });
  it("a party's own statement is a claim", () => {
    expect(
      ex('Ukrainian troops restored control over Kherson on Friday, the military said.')[0]?.status,
    ).toBe('claimed');
  });
});

describe('events from years before publication', () => {
  it.each([
    'Kherson, which Russian troops seized early in the war, is now a front-line city.',
    'Russian forces seized Kherson at the start of the invasion.',
    'Russian forces seized Kherson in the first weeks of the war.',
    'Russian forces captured Kherson in March 2022.',
  ])('%s: background, never dated by the publication', (text) => {
    expect(brief(text)).toEqual([]);
  });
  it('but "early in the morning" is today\'s news', () => {
    expect(ex('Russian forces seized Kherson early in the morning.')[0]?.eventDate).toBe('2024-05-10');
  });
});

describe('an army named by its country', () => {
  it('"Israel\'s army" on the Palestinian side of a crossing is Israeli forces', () => {
    const e = ex(
      "Israel's army seized the Palestinian side of the Kerem crossing on Tuesday, the military said.",
    )[0];
    expect([e?.location.country, e?.actor]).toEqual(['Palestine', 'Israeli forces']);
  });
  it('"Israeli tanks seized" names the army', () => {
    expect(ex('Israeli tanks seized the Palestinian side of the Kerem crossing on Tuesday.')[0]?.actor).toBe(
      'Israeli forces',
    );
  });
});

// Sentences written for these tests, after constructions read in wire copy from Sudan, Ethiopia
// and Afghanistan (2021-2025).
describe('objects quantified, named in apposition, or known by a short form', () => {
  it('reads "most neighbourhoods of X" and "most government buildings" as a capture, "parts of X" as an attack', () => {
    expect(brief('The RSF said on Sunday it had taken most neighbourhoods of Nyala.')).toEqual([
      'provincial_capital_captured sd-south-darfur-nyala Rapid Support Forces claimed',
    ]);
    expect(brief('The RSF said on Sunday it had taken parts of Nyala.')).toEqual([
      'provincial_capital_attack sd-south-darfur-nyala Rapid Support Forces claimed',
    ]);
    expect(
      brief(
        'Fano militiamen pushed into Bahir Dar on Friday and seized all government offices, residents said.',
      ),
    ).toEqual(['provincial_capital_captured et-amhara-bahir-dar Fano reported']);
  });
  it('reads "the state capital, X" and "the regional capital, X" as the object', () => {
    expect(
      brief('Two days earlier the RSF overran the state capital, Nyala, after a week of battles.'),
    ).toEqual(['provincial_capital_captured sd-south-darfur-nyala Rapid Support Forces reported']);
    expect(brief('Fano fighters attacked the regional capital, Bahir Dar, on Tuesday night.')).toEqual([
      'provincial_capital_attack et-amhara-bahir-dar Fano reported',
    ]);
  });
  it('reads a short name the gazetteer lacks through its appositive "the capital of Y"', () => {
    expect(brief('The army said its units had withdrawn from Medani, the capital of Gezira state.')).toEqual([
      'provincial_capital_captured sd-gezira-wad-madani insurgents reported',
    ]);
    expect(brief('The army said its units had withdrawn from Tawila, a town near the border.')).toEqual([]);
  });
});

describe('a river named like a city', () => {
  it('reads "the Dnipro" as the river, so "the city" is the capital named after it', () => {
    expect(
      brief(
        'Russian troops crossed the Dnipro and occupied Kherson. Ukrainian forces retook the city on Monday.',
        '2022-11-15',
      ),
    ).toEqual(['provincial_capital_captured ua-kherson-kherson government forces reported']);
  });
});

// Sentences written for these tests, after wire copy from Mali and Afghanistan (2021-2025).
describe('attacks on forces inside a city, and lists after "the cities of"', () => {
  it('reads "attacked the army in X" as an attack on X, not "soldiers in a village near X"', () => {
    expect(brief('JNIM fighters attacked the army in Kidal on Tuesday, residents said.')).toEqual([
      'provincial_capital_attack ml-kidal-kidal JNIM reported',
    ]);
    expect(brief('Gunmen attacked soldiers in a village near Kidal on Tuesday.')).toEqual([]);
  });
  it('reads every name after "assaults on the cities of"', () => {
    expect(
      brief(
        'Government troops repelled insurgent assaults on the cities of Kunduz, Taloqan and Faizabad on Monday.',
      ),
    ).toEqual([
      'provincial_capital_attack af-kunduz-kunduz Taliban reported',
      'provincial_capital_attack af-takhar-taloqan Taliban reported',
      'provincial_capital_attack af-badakhshan-faizabad Taliban reported',
    ]);
  });
});

// Sentences written for this test, after wire copy from Sudan and Somalia (2023).
describe('a capital that only locates another place', () => {
  it('is not what "it" or "the army headquarters" refer to', () => {
    expect(
      brief(
        'RSF fighters took Tamboul, a town some 60 km north of Wad Madani, seizing the army headquarters.',
      ),
    ).toEqual([]);
    expect(brief('Militants retook Baraawe, a port south of Mogadishu, after troops abandoned it.')).toEqual(
      [],
    );
    expect(brief('RSF fighters reached Wad Madani and seized the army headquarters.')).toEqual([
      'provincial_capital_attack sd-gezira-wad-madani Rapid Support Forces reported',
    ]);
  });
});

// Sentences written for this test, after wire copy from Iraq and Libya (2017-2020).
describe('a modified "city of X"', () => {
  it('reads "the oil city of X" and "the rebel-held port city of X" as X, not "a village outside the city of X"', () => {
    expect(brief('Government troops took the oil city of Kirkuk on Monday.')).toEqual([
      'provincial_capital_captured iq-kirkuk-kirkuk government forces reported',
    ]);
    expect(brief('Government troops took the rebel-held coastal city of Kirkuk on Monday.')).toEqual([
      'provincial_capital_captured iq-kirkuk-kirkuk government forces reported',
    ]);
    expect(brief('Government troops took a village outside the city of Kirkuk on Monday.')).toEqual([]);
  });
});

// Sentences written for this test, after wire copy from Yemen and Afghanistan (2014-2021).
describe("a country's capital", () => {
  it('reads "Yemen\'s capital" and "the Yemeni capital" as the national capital, not "a city south of Yemen\'s capital"', () => {
    expect(brief("Houthi fighters took over Yemen's capital on Sunday.", '2014-09-22')).toEqual([
      'provincial_capital_captured ye-sanaa-sanaa Houthis reported',
    ]);
    expect(brief('Houthi fighters entered the Yemeni capital on Sunday.', '2014-09-22')).toEqual([
      'provincial_capital_attack ye-sanaa-sanaa Houthis reported',
    ]);
    expect(
      brief("Houthi fighters captured a key town south of Yemen's capital on Sunday.", '2014-09-22'),
    ).toEqual([]);
  });
});
