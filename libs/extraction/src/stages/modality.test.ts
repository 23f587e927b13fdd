import { describe, expect, it } from 'vitest';
import { ex, keys } from '../testing/extract';

describe('negation, modality, conditionals and attempts', () => {
  const none = [
    'Taliban fighters are expected to attack Ghazni in the coming days.',
    'Officials warned that the Taliban were preparing to attack Lashkar Gah.',
    'Analysts say Kandahar could fall within weeks.',
    'If Kandahar falls, the whole south will be lost.',
    'Kabul may fall to the Taliban within six months, an assessment said.',
    'The Taliban threatened to overrun Herat.',
    'Government forces vowed to retake Spin Boldak.',
    'Commanders plan to recapture the Torghundi crossing next week.',
    'The Taliban have not captured Kunduz, officials insisted.',
    'Kunduz did not fall.',
    'Herat nearly fell on Friday night.',
    'Taliban fighters have surrounded Kandahar but have not entered the city.',
    'Residents fear an attack on Taloqan.',
    'The advance poses a threat to Sheberghan.',
    'Will Herat be next?',
    'It is unclear whether Ghazni has fallen.',
    'Security forces foiled a Taliban plan to attack Pul-e Khumri.',
    'Taking Kandahar would be a huge symbolic victory for the Taliban.',
    'Hama could be the next city to fall.',
    'There was no fighting in Jalalabad.',
    'Taliban fighters have yet to enter Kandahar.',
    'The attack on Kabul airport killed 170 people.',
    'The fall of Lashkar Gah would be a disaster for the government.',
    'A year ago today, Taliban fighters entered Kabul.',
    'Kabul fell silent on Sunday.',
    'Prices in Herat fell sharply in July.',
    'Kunduz fell into chaos after the governor left.',
  ];
  for (const text of none) it(`no event: ${text}`, () => expect(keys(ex(text))).toEqual([]));

  it('reads a failed or attempted capture as an attack', () => {
    expect(keys(ex('The Taliban have failed to take Kandahar despite weeks of attacks.'))).toEqual([
      'attack@af-kandahar-kandahar',
    ]);
    expect(keys(ex('Taliban fighters tried to capture Taloqan overnight but were pushed back.'))).toEqual([
      'attack@af-takhar-taloqan',
    ]);
  });

  it('does not treat "the first capital to fall" as hypothetical', () => {
    expect(keys(ex('Zaranj on Friday became the first provincial capital to fall to the Taliban.'))).toEqual([
      'captured@af-nimruz-zaranj',
    ]);
  });

  it('keeps an event next to a modal that is about something else', () => {
    expect(
      keys(ex('The Taliban captured Ghazni on Thursday and could reach Kabul within weeks, officials said.')),
    ).toEqual(['captured@af-ghazni-ghazni']);
  });

  it('separates districts from the provincial capital', () => {
    expect(
      ex(
        'The Taliban captured three districts of Kunduz province on Sunday, but the provincial capital remained in government hands.',
      ),
    ).toEqual([]);
    expect(ex('Taliban fighters overran the Imam Sahib district of Kunduz on Sunday.')).toEqual([]);
    expect(ex('Fighting in Helmand province displaced thousands.')).toEqual([]);
  });

  it('ignores trade, closures and non-military uses of the verbs', () => {
    expect(ex('Customs revenue at Islam Qala fell by a third in June.')).toEqual([]);
    expect(ex('Pakistan closed the Torkham crossing for two weeks.')).toEqual([]);
    expect(ex('Taliban fighters seized 15 fuel tankers near the Torkham crossing.')).toEqual([]);
    expect(ex('A suicide attack in Kabul killed 12 people.')).toEqual([]);
    expect(ex('The Taliban claimed an attack on a police convoy near Ghazni.')).toEqual([]);
  });

  it('ignores people whose names are place names', () => {
    expect(ex('Farah Karimi, a nurse in Herat, said she had been attacked on her way to work.')).toEqual([]);
    expect(ex('Mohammad Ghazni, a former commander, said he had captured weapons.')).toEqual([]);
  });
});

// Sentences written for this test, after wire copy from Sudan (2025).
describe('a repelled attempt', () => {
  it('"beat back an attempt to storm X" is an attack on X; a warned-of attempt is not', () => {
    expect(
      keys(ex('The army said it beat back an attempt by the insurgents to storm Ghazni early on Sunday.')),
    ).toEqual(['attack@af-ghazni-ghazni']);
    expect(keys(ex('Officials warned that the insurgents would make an attempt to storm Ghazni.'))).toEqual(
      [],
    );
  });
});

// Sentences written for this test, after analysis pieces on Iraq and Ukraine.
describe('an attack that is only prepared for', () => {
  it('"opens the way for" and "lacked the forces for" an assault are not attacks; "launched" one is', () => {
    expect(ex('Officials said the victory opens the way for an offensive on Kandahar.')).toEqual([]);
    expect(ex('Analysts said the insurgents lacked the forces for a direct assault on Kandahar.')).toEqual(
      [],
    );
    expect(keys(ex('The insurgents launched an assault on Kandahar on Monday.'))).toEqual([
      'attack@af-kandahar-kandahar',
    ]);
  });
});
