import { describe, expect, it } from 'vitest';
import { ex, keys, one } from '../testing/extract';

// Sentences written for these tests.
describe('merge: one event per type and place', () => {
  it('merges the mentions of one capture into one event with the evidence of each', () => {
    const text =
      'Taliban fighters captured Zaranj on Friday. The capture of Zaranj was the first of a provincial capital this year.';
    const e = one(text, '2021-08-07');
    expect(e.evidence).toHaveLength(2);
    expect(e.eventDate).toBe('2021-08-06');
  });

  it('dates a change of control by the change, not by a later "were in control of"', () => {
    const text =
      'Officials said on Thursday that the Taliban were in control of the Afghan side of the Spin Boldak crossing, a day after the insurgents overran it.';
    expect(one(text, '2021-07-16').eventDate).toBe('2021-07-14');
  });

  it('lets "could not be independently verified" in the next sentence make the report a claim', () => {
    const text =
      'The Taliban said they had seized Islam Qala. The claim could not be independently verified.';
    expect(one(text, '2021-07-09').status).toBe('claimed');
  });

  it('keeps an attack and a capture of the same city as two events', () => {
    const text =
      'Taliban fighters attacked Kunduz on Friday. On Sunday they captured Kunduz, officials said.';
    expect(
      ex(text, '2021-08-09')
        .map((e) => e.type)
        .sort(),
    ).toEqual(['provincial_capital_attack', 'provincial_capital_captured']);
  });
});

// Sentences written for this test, after wire copy from Sudan (2023).
describe('the fighting for a captured city', () => {
  it('is part of the capture, while fighting in a city not taken stays an attack', () => {
    expect(
      keys(
        ex(
          'The insurgents overran Ghazni on Monday after three days of battles. Doctors said 40 people were killed in the fighting for Ghazni.',
        ),
      ),
    ).toEqual(['captured@af-ghazni-ghazni']);
    expect(keys(ex('Doctors said 40 people were killed in the fighting for Ghazni on Monday.'))).toEqual([
      'attack@af-ghazni-ghazni',
    ]);
  });
});
