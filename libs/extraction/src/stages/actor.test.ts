import { describe, expect, it } from 'vitest';
import { buildGazetteer, extractEvents } from '..';
import { one } from '../testing/extract';

describe('actor normalisation', () => {
  it.each([
    ['Taliban fighters seized Ghazni.', 'Taliban'],
    ['Insurgents seized Ghazni.', 'Taliban'],
    ['Militants captured Ghazni.', 'Taliban'],
    ['Fighters of the Islamic Emirate captured Ghazni.', 'Taliban'],
    ['Ghazni fell to the Taliban.', 'Taliban'],
    ['Ghazni was captured by insurgents.', 'Taliban'],
    ['Ghazni fell on Thursday.', 'Taliban'],
  ])('%s -> %s', (text, actor) => expect(one(text).actor).toBe(actor));

  it.each([
    ['Afghan forces retook Spin Boldak from the Taliban.', 'government forces'],
    ['The ANDSF recaptured Spin Boldak.', 'government forces'],
    ['Security forces regained control of Spin Boldak.', 'government forces'],
    ['Government troops retook Spin Boldak.', 'government forces'],
    ['The army recaptured Spin Boldak.', 'government forces'],
    ['Afghan commandos pushed the Taliban out of Spin Boldak.', 'government forces'],
    ['Spin Boldak came back under government control.', 'government forces'],
  ])('border holder: %s -> %s', (text, actor) => {
    const e = one(text);
    expect(e.type).toBe('border_crossing_control_change');
    expect(e.actor).toBe(actor);
  });

  it('gives the side that now holds a crossing, not the side that lost it', () => {
    expect(one('Afghan troops lost control of Torkham on Sunday.').actor).toBe('Taliban');
    expect(one('The government lost Farah to the Taliban.').actor).toBe('Taliban');
  });

  it('names foreign forces by their country', () => {
    const e = one('Pakistani troops seized Torkham.');
    expect(e.actor).toBe('Pakistani forces');
  });

  it('uses named groups and neutral words outside Afghanistan', () => {
    const gz = buildGazetteer();
    const goma = extractEvents(
      {
        id: 'g',
        text: 'M23 rebels captured Goma, the capital of North Kivu province in eastern Congo, on Monday.',
        publishedAt: '2025-01-27',
      },
      { gazetteer: gz },
    );
    expect(goma.map((e) => [e.location.id, e.actor])).toEqual([['cd-north-kivu-goma', 'M23']]);
    const nasib = extractEvents(
      {
        id: 'n',
        text: 'Syrian rebels seized the Nasib border crossing with Jordan on Saturday.',
        publishedAt: '2024-12-07',
      },
      { gazetteer: gz },
    );
    expect(nasib.map((e) => [e.location.id, e.location.neighbor, e.actor])).toEqual([
      ['sy-nasib', 'Jordan', 'rebels'],
    ]);
  });
});
