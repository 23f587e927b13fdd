import { describe, expect, it } from 'vitest';
import { countryGroups, countryOf, foldPlaceName, score, type CorpusReport, type ScoredEvent } from './score';

const report = (id: string, events: CorpusReport['events'], country?: string): CorpusReport => ({
  id,
  text: 'x',
  events,
  ...(country ? { country } : {}),
});
const pred = (type: ScoredEvent['type'], id: string, name: string, extra: Partial<ScoredEvent> = {}) => ({
  type,
  location: { id, name },
  status: 'reported',
  ...extra,
});

describe('foldPlaceName', () => {
  it('folds diacritics, the Arabic article, punctuation and "crossing"', () => {
    expect(foldPlaceName('Ḩamāh')).toBe(foldPlaceName('Hamah'));
    expect(foldPlaceName('El Geneina')).toBe('geneina');
    expect(foldPlaceName('Al-Fashir')).toBe('fashir');
    expect(foldPlaceName("Mek'ele")).toBe('mekele');
    expect(foldPlaceName('Rafah crossing')).toBe('rafah');
    expect(foldPlaceName('Wad Madani')).not.toBe(foldPlaceName('Madani'));
  });
});

describe('score', () => {
  const gold = report('r1', [
    {
      type: 'provincial_capital_captured',
      location: 'sd-gezira-wad-madani',
      place: 'Wad Madani',
      aliases: ['Madani'],
      status: 'claimed',
      actor: 'Rapid Support Forces',
    },
  ]);

  it('matches an exact id, and scores status and actor on the match', () => {
    const r = score([gold], () => [
      pred('provincial_capital_captured', 'sd-gezira-wad-madani', 'Wad Madani', {
        status: 'reported',
        actor: 'Rapid Support Forces',
      }),
    ]);
    expect([r.overall.tp, r.overall.fp, r.overall.fn]).toEqual([1, 0, 0]);
    expect(r.overall.statusAcc).toBe(0);
    expect(r.overall.actorAcc).toBe(1);
  });

  it('matches a differently slugged id by country and folded name or alias, once', () => {
    const p = pred('provincial_capital_captured', 'sd-al-jazirah-madani', 'Madani');
    const r = score([gold], () => [p, { ...p, location: { id: 'sd-other-madani', name: 'Madani' } }]);
    expect([r.overall.tp, r.overall.fp, r.overall.fn]).toEqual([1, 1, 0]);
    const xx = score([gold], () => [
      pred('provincial_capital_captured', 'xx-gezira-wad-madani', 'Wad Madani'),
    ]);
    expect(xx.overall.tp).toBe(1);
  });

  it('does not match another country, another type or another place', () => {
    const r = score([gold], () => [
      pred('provincial_capital_captured', 'ss-gezira-wad-madani', 'Wad Madani'),
      pred('provincial_capital_attack', 'sd-gezira-wad-madani-x', 'Wad Madani'),
      pred('provincial_capital_captured', 'sd-sennar-sinja', 'Sinja'),
    ]);
    expect([r.overall.tp, r.overall.fp, r.overall.fn]).toEqual([0, 3, 1]);
  });
});

describe('country groups', () => {
  it('falls back to the gold ids for sets without a country field', () => {
    expect(countryOf(report('a', []))).toBe('Afghanistan');
    expect(
      countryOf(
        report('b', [{ type: 'provincial_capital_attack', location: 'ml-gao-gao', status: 'reported' }]),
      ),
    ).toBe('world');
    expect(countryOf(report('c', [], 'Sudan'))).toBe('Sudan');
  });

  it('lists all, Afghanistan, world and every country with at least 8 reports', () => {
    const set = [
      ...Array.from({ length: 8 }, (_, i) => report(`s${i}`, [], 'Sudan')),
      ...Array.from({ length: 7 }, (_, i) => report(`m${i}`, [], 'Mali')),
      report('a', [], 'Afghanistan'),
    ];
    expect(countryGroups(set).map(([g, rs]) => [g.trim(), rs.length])).toEqual([
      ['all', 16],
      ['Afghanistan', 1],
      ['world', 15],
      ['Sudan', 8],
    ]);
  });
});
