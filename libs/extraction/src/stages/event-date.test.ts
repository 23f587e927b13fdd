import { describe, expect, it } from 'vitest';
import { ex, keys, one } from '../testing/extract';

// Sentences written for these tests, after the constructions of the seed article.
describe('the constructions of the seed article', () => {
  it('reads "X is now under our full control" in a party spokesman\'s quoted words as that party\'s claim', () => {
    const e = one(
      'An insurgent spokesman told reporters on Friday that "the Islam Qala crossing is now under our full control".',
      '2021-07-09',
    );
    expect([e.type, e.location.id, e.actor, e.status]).toEqual([
      'border_crossing_control_change',
      'af-islam-qala',
      'Taliban',
      'claimed',
    ]);
  });

  it('does not guess who "our" is without a speaking party', () => {
    expect(ex('Islam Qala is under our full control.')).toEqual([]);
  });

  it('reads "fighting exploded in the city of X" as an attack', () => {
    const e = one('Heavy fighting exploded in the western city of Qala-i-Naw on Wednesday.', '2021-07-09');
    expect([e.type, e.location.id, e.eventDate]).toEqual([
      'provincial_capital_attack',
      'af-badghis-qala-i-naw',
      '2021-07-07',
    ]);
  });

  it('does not take "the Kabul government" for the city that a later "the city" means', () => {
    const text =
      'The talks came as the Kabul government met insurgent envoys abroad. "The enemy has entered the city," an official said.';
    expect(keys(ex(text))).toEqual([]);
  });

  it('dates an undated event by the sentence that announced an attack on "a provincial capital"', () => {
    const text = [
      'Earlier on Wednesday, the Taliban launched a large attack on a provincial capital.',
      'It was the first such assault in weeks.',
      'Fighting broke out in Qala-i-Naw, the capital of Badghis, officials said.',
    ].join(' ');
    const e = one(text, '2021-07-09');
    expect([e.type, e.location.id, e.eventDate]).toEqual([
      'provincial_capital_attack',
      'af-badghis-qala-i-naw',
      '2021-07-07',
    ]);
  });

  it('keeps its own date when the event sentence has one', () => {
    const text =
      'On Wednesday the Taliban launched an attack on a provincial capital. On Thursday fighting broke out in Qala-i-Naw.';
    expect(one(text, '2021-07-09').eventDate).toBe('2021-07-08');
  });
});

// Sentences written for this test, after wire copy from Sudan (2023).
describe('background in a relative clause', () => {
  it('dates the relative clause, not the trigger before it', () => {
    const text =
      'Fighters have taken Kandahar, a city that sheltered tens of thousands of people who fled the south at the start of the war.';
    expect(ex(text, '2021-08-13').map((e) => [e.type, e.location.id, e.eventDate])).toEqual([
      ['provincial_capital_captured', 'af-kandahar-kandahar', '2021-08-13'],
    ]);
  });
  it('still drops a capture dated as background in its own clause', () => {
    expect(ex('Fighters took Kandahar at the start of the war.', '2021-08-13')).toEqual([]);
  });
});

// Sentences written for these tests, after anniversary pieces in wire copy from Yemen, Somalia,
// Iraq and Ukraine.
describe('anniversaries and background', () => {
  it('an anniversary dates the earlier event it introduces, never the news before it', () => {
    expect(
      ex(
        'Crowds gathered in Herat on Friday to mark a year since the insurgents took the city.',
        '2022-08-12',
      ),
    ).toEqual([]);
    expect(
      ex('Two years after militants stormed Kunduz on August 8 last year, the city is quiet.', '2022-08-10'),
    ).toEqual([]);
    const e = one(
      'Government troops retook Kunduz on Sunday, a year after the insurgents overran it.',
      '2016-10-03',
    );
    expect([e.type, e.location.id, e.eventDate]).toEqual([
      'provincial_capital_captured',
      'af-kunduz-kunduz',
      '2016-10-02',
    ]);
  });
});
