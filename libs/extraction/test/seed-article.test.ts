import { describe, expect, it } from 'vitest';
import { extractEvents } from '../src';
import { readSeed, SEED_EXPECTED, seedSummary } from '../src/testing/seed';
import { gaz } from '../src/testing/extract';

describe('the seed article (../shared/seeds), exactly', () => {
  const seed = readSeed();

  it('finds Islam Qala (claimed), Sher Khan Bandar (last month) and the attack on Qala-i-Naw, and nothing else', () => {
    // The file as it is: its dateline " date 2021-07-09" shares the first line with the text.
    const events = extractEvents({ id: 'seed', text: seed }, { gazetteer: gaz });
    expect(seedSummary(events)).toEqual(SEED_EXPECTED.map((re): unknown => expect.stringMatching(re)));
  });

  it('reads the same with the dateline taken off and passed as publishedAt', () => {
    const body = seed.replace(/^\s*date\s+2021-07-09\s+/, '');
    expect(body.startsWith('Taliban said')).toBe(true);
    const events = extractEvents({ id: 'seed', text: body, publishedAt: '2021-07-09' }, { gazetteer: gaz });
    expect(seedSummary(events)).toEqual(SEED_EXPECTED.map((re): unknown => expect.stringMatching(re)));
  });

  it('does not read "the Kabul government" or "two-thirds of the Afghan-Tajik border" as events', () => {
    const events = extractEvents({ id: 'seed', text: seed }, { gazetteer: gaz });
    expect(events.map((e) => e.location.name)).not.toContain('Kabul');
    // Every event rests on sentences about its own place, never on the Russian ministry's border remarks.
    for (const e of events)
      for (const ev of e.evidence) expect(ev.text).not.toMatch(/two-thirds|border districts/);
  });
});
