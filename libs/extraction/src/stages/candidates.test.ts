import { describe, expect, it } from 'vitest';
import { ex, keys } from '../testing/extract';

// Sentences written for these tests.
const types = (text: string) => ex(text, '2021-08-10').map((e) => e.type);

describe('candidates: what makes a word a trigger', () => {
  it('"under (their|Taliban|our) control" is a trigger only with a holder it can name', () => {
    expect(types('Ghazni is now under Taliban control.')).toEqual(['provincial_capital_captured']);
    expect(types('The situation in Ghazni is under control.')).toEqual([]);
  });

  it('"in Taliban hands" reads as control', () => {
    expect(types('By Friday Ghazni was in Taliban hands.')).toEqual(['provincial_capital_captured']);
  });

  it('"fighting exploded/raged in X" is an attack, "an explosion in X" is not', () => {
    expect(types('Fighting exploded in Ghazni on Monday.')).toEqual(['provincial_capital_attack']);
    expect(types('Fighting raged in Ghazni on Monday.')).toEqual(['provincial_capital_attack']);
    expect(types('A bomb exploded in Ghazni on Monday.')).toEqual([]);
  });

  it('"took power" or "took control" needs a place', () => {
    expect(types('The Taliban took power in 1996.')).toEqual([]);
  });
});

// Sentences written for this test, after wire copy from Ukraine (2022).
describe('"returned to X control"', () => {
  it('is a change of control of the place before it; "residents returned to X" is not', () => {
    expect(keys(ex('Kandahar returned to government control on Friday, officials said.'))).toEqual([
      'captured@af-kandahar-kandahar',
    ]);
    expect(ex('Residents returned to Kandahar on Friday.')).toEqual([]);
  });
});

// Sentences written for this test, after wire copy from Ukraine (2022).
describe('"freed X"', () => {
  it('is a change of control of a place, "freed hostages in X" is not', () => {
    expect(keys(ex('Government troops freed Kunduz on Friday.'))).toEqual(['captured@af-kunduz-kunduz']);
    expect(ex('Government troops freed hostages in Kunduz on Friday.')).toEqual([]);
  });
});
