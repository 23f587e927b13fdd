import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventSchema } from '@watchfire/contracts';
import { extractEvents, type ExtractedEvent } from '../src';
import { loadCorpus } from '../eval/score';
import { ex, gaz, keys } from '../src/testing/extract';

/** The reference article of the README walk-through, in our own words (also the first report of eval/corpus.ndjson). */
export const REFERENCE = `date 2021-07-09
Taliban say they have seized main border crossing with Iran

KABUL, July 9 (Wire) - Taliban insurgents said on Friday they had seized Islam Qala, Afghanistan's main border crossing with Iran, the latest in a string of gains as foreign forces complete their withdrawal. The claim could not be independently verified.

"Islam Qala is now under the full control of the mujahideen," Taliban spokesman Zabihullah Mujahid said on Twitter. Afghan officials in Kabul said they were still gathering information.

The insurgents took Sher Khan Bandar, the main crossing into Tajikistan, last month, and more than 1,000 Afghan soldiers have fled across the northern border in recent days.

In the west, Taliban fighters attacked Qala-i-Naw, the capital of Badghis province, on Wednesday, storming the police headquarters before being pushed back by commandos, provincial officials said. Fighting was continuing on the outskirts of the city on Friday.

The Taliban have captured dozens of districts since May, but have so far not held any of the country's 34 provincial capitals. Analysts warn that several capitals, including Kandahar and Herat, could come under attack in the coming weeks.`;

describe('the reference article', () => {
  const events = extractEvents({ id: 'ref-1', text: REFERENCE }, { gazetteer: gaz });

  it('gives exactly three events', () => {
    expect(keys(events)).toEqual([
      'attack@af-badghis-qala-i-naw',
      'border@af-islam-qala',
      'border@af-sher-khan-bandar',
    ]);
  });

  it('Islam Qala: claimed by the Taliban, crossing with Iran', () => {
    const e = events.find((x) => x.location.id === 'af-islam-qala')!;
    expect(e).toMatchObject({
      type: 'border_crossing_control_change',
      status: 'claimed',
      actor: 'Taliban',
      eventDate: '2021-07-09',
    });
    expect(e.location).toMatchObject({
      name: 'Islam Qala',
      kind: 'border_crossing',
      province: 'Herat',
      country: 'Afghanistan',
      neighbor: 'Iran',
    });
    expect(e.evidence.some((v) => v.text.includes('could not be independently verified'))).toBe(true);
  });

  it('Sher Khan Bandar: taken the month before, on the Tajik border', () => {
    const e = events.find((x) => x.location.id === 'af-sher-khan-bandar')!;
    expect(e).toMatchObject({ type: 'border_crossing_control_change', actor: 'Taliban', status: 'reported' });
    expect(e.eventDate?.slice(0, 7)).toBe('2021-06');
    expect(e.location.neighbor).toBe('Tajikistan');
  });

  it('Qala-i-Naw: attack on the capital of Badghis on the Wednesday', () => {
    const e = events.find((x) => x.location.id === 'af-badghis-qala-i-naw')!;
    expect(e).toMatchObject({
      type: 'provincial_capital_attack',
      actor: 'Taliban',
      status: 'reported',
      eventDate: '2021-07-07',
    });
    expect(e.location).toMatchObject({ name: 'Qala-i-Naw', kind: 'provincial_capital', province: 'Badghis' });
  });

  it('has evidence offsets into the full text (the dateline line included)', () => {
    for (const e of events) for (const v of e.evidence) expect(REFERENCE.slice(v.start, v.end)).toBe(v.text);
  });
});

describe('event identity and shape', () => {
  it('ids are the first 24 hex chars of sha256(reportId|type|locationId) and stable across runs', () => {
    const a = ex('Taliban fighters seized Ghazni on Thursday.', '2021-08-12', 'report-42');
    const b = ex('Taliban fighters seized Ghazni on Thursday.', '2021-08-12', 'report-42');
    expect(a).toEqual(b);
    const want = createHash('sha256')
      .update('report-42|provincial_capital_captured|af-ghazni-ghazni')
      .digest('hex')
      .slice(0, 24);
    expect(a[0].id).toBe(want);
  });

  it('merges repeated mentions into one event per (type, place)', () => {
    const evs = ex(
      'Taliban fighters captured Kunduz on Sunday. The city fell after weeks of fighting. Kunduz is the fifth capital to fall.',
      '2021-08-08',
    );
    expect(keys(evs)).toEqual(['captured@af-kunduz-kunduz']);
  });

  it('validates against the contracts EventSchema for the whole corpus', () => {
    let n = 0;
    for (const r of loadCorpus()) {
      for (const e of extractEvents(r, { gazetteer: gaz })) {
        const v = EventSchema.safeParse(e);
        expect(v.success, `${r.id}: ${JSON.stringify(v.error?.issues)}`).toBe(true);
        for (const ev of e.evidence) expect(r.text.slice(ev.start, ev.end)).toBe(ev.text);
        expect(e.confidence).toBeGreaterThanOrEqual(0);
        expect(e.confidence).toBeLessThanOrEqual(1);
        n++;
      }
    }
    expect(n).toBeGreaterThan(80);
  });
});

describe('places beyond the gazetteer and references', () => {
  it('"X, the capital of Y province" finds a capital the gazetteer lacks', () => {
    const evs = ex(
      'M23 rebels took control of Bukavu, the capital of South Kivu province in Congo, on Sunday.',
      '2025-02-16',
    );
    expect(
      evs.map((e) => [
        e.location.id,
        e.location.name,
        e.location.province,
        e.location.country,
        e.location.kind,
      ]),
    ).toEqual([
      [
        'cd-south-kivu-bukavu',
        'Bukavu',
        'South Kivu',
        'Democratic Republic of the Congo',
        'provincial_capital',
      ],
    ]);
  });

  it('"the X border crossing with Y" and "the border town of X, on the frontier with Y" find crossings', () => {
    const a = ex('Syrian rebels seized the Nasib border crossing with Jordan on Saturday.', '2024-12-07');
    expect(a.map((e) => [e.location.id, e.location.neighbor])).toEqual([['sy-nasib', 'Jordan']]);
    const b = ex(
      'M23 rebels captured the Congolese border town of Bunagana, on the frontier with Uganda, on Monday.',
      '2022-06-13',
    );
    expect(b.map((e) => [e.location.id, e.location.kind, e.location.neighbor])).toEqual([
      ['cd-bunagana', 'border_crossing', 'Uganda'],
    ]);
  });

  it('"X, a town on the border with Y" finds a crossing', () => {
    const evs = ex(
      'Karen rebels took control of Myawaddy, a trading town on the border with Thailand, in Myanmar on Thursday.',
      '2024-04-11',
    );
    expect(evs.map((e) => [e.location.id, e.location.neighbor])).toEqual([['mm-myawaddy', 'Thailand']]);
  });

  it('resolves "the city", "the provincial capital", "the crossing", "it" to the right place', () => {
    expect(keys(ex('Fighting raged around Qala-i-Naw. On Friday the provincial capital fell.'))).toEqual([
      'attack@af-badghis-qala-i-naw',
      'captured@af-badghis-qala-i-naw',
    ]);
    expect(
      keys(
        ex(
          'Islam Qala handles most fuel imports from Iran. On Thursday Taliban fighters seized the crossing.',
        ),
      ),
    ).toEqual(['border@af-islam-qala']);
    expect(keys(ex('Taliban fighters besieged Pul-e Khumri for days. On Tuesday they captured it.'))).toEqual(
      ['captured@af-baghlan-pul-e-khumri'],
    );
    expect(
      keys(
        ex(
          'The Taliban captured Ghazni, cutting the highway between Kabul and Kandahar. Officials confirmed the city had fallen.',
        ),
      ),
    ).toEqual(['captured@af-ghazni-ghazni']);
  });

  it('resolves "the capital of Badghis", "the Afghan capital", "the border crossing at Zaranj"', () => {
    expect(keys(ex('Insurgents attacked the capital of Badghis province on Wednesday.'))).toEqual([
      'attack@af-badghis-qala-i-naw',
    ]);
    expect(keys(ex('Taliban fighters seized the Afghan capital on Sunday.'))).toEqual([
      'captured@af-kabul-kabul',
    ]);
    expect(keys(ex('The Taliban took the border crossing at Zaranj on Friday.'))).toEqual([
      'border@af-milak',
    ]);
  });

  it('reads appositive names, quantified lists and "the first capital to be captured"', () => {
    expect(
      keys(ex('Taliban insurgents on Friday captured a sixth provincial capital, Aybak, officials said.')),
    ).toEqual(['captured@af-samangan-aybak']);
    expect(
      keys(ex('The Taliban now control 10 provincial capitals, including Zaranj and Sheberghan.')),
    ).toEqual(['captured@af-jowzjan-sheberghan', 'captured@af-nimruz-zaranj']);
    expect(keys(ex('Zaranj is the first provincial capital to be captured by the Taliban.'))).toEqual([
      'captured@af-nimruz-zaranj',
    ]);
    expect(keys(ex('Kunduz, Sar-e Pol and Taloqan fell over the weekend.'))).toEqual([
      'captured@af-kunduz-kunduz',
      'captured@af-sar-e-pol-sar-e-pol',
      'captured@af-takhar-taloqan',
    ]);
    expect(keys(ex('Islam Qala, the crossing they seized on Friday, reopened to trade.'))).toEqual([
      'border@af-islam-qala',
    ]);
    expect(keys(ex('SECURITY BULLETIN\n- Spin Boldak: crossing remains under Taliban control.'))).toEqual([
      'border@af-spin-boldak',
    ]);
  });

  it('tells a province from its capital of the same name', () => {
    expect(keys(ex('Taliban fighters seized Kunduz on Sunday.'))).toEqual(['captured@af-kunduz-kunduz']);
    expect(keys(ex('Taliban fighters seized most of Kunduz province on Sunday.'))).toEqual([]);
    expect(keys(ex('The Taliban captured the province of Kunduz.'))).toEqual([]);
  });
});

describe('robustness', () => {
  it('never throws and keeps the contract on odd input', () => {
    const odd = [
      '',
      ' ',
      '.',
      'date 2021-07-09',
      'date 2021-07-09\n',
      '\u0000\u0001',
      '"""',
      'Kunduz',
      'fell',
      'Qala-i-Naw-',
      '-Kunduz fell-',
      'the the the city city',
      "'s 's",
      '🙂 Kabul fell 🙂 to the Taliban',
      'KABUL (AP) —',
      'Kunduz, Kunduz, Kunduz fell.',
      'x'.repeat(10_000),
      'captured '.repeat(2000) + 'Kunduz',
      'قندوز سقوط کرد',
      'Herat\n\n\n\nfell\n.',
      'Under under under control',
      'in the hands of in the hands of',
    ];
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = [
      'Kunduz',
      'fell',
      'the',
      'city',
      ',',
      '.',
      'Taliban',
      'captured',
      'not',
      'could',
      'said',
      'on',
      'Friday',
      'Islam',
      'Qala',
      'border',
      'crossing',
      'of',
      'capital',
      'province',
      'denied',
      'claim',
      'it',
      'which',
      '"',
      'attack',
      'under',
      'control',
      'in',
      '2015',
      'last',
      'month',
      'Herat',
      'a',
      'day',
      'after',
      "'s",
      'with',
      'Iran',
      '-',
    ];
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(rnd() * 40);
      odd.push(
        Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(rnd() < 0.5 ? ' ' : ''),
      );
    }
    for (const text of odd) {
      let evs: ExtractedEvent[] = [];
      expect(
        () => (evs = extractEvents({ id: 'odd', text, publishedAt: '2021-07-09' }, { gazetteer: gaz })),
        text.slice(0, 80),
      ).not.toThrow();
      for (const e of evs) {
        expect(EventSchema.safeParse(e).success).toBe(true);
        for (const v of e.evidence) expect(text.slice(v.start, v.end)).toBe(v.text);
      }
    }
  });
});
