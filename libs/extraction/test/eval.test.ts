import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGazetteer, extractEvents } from '../src';
import { countryGroups, countryOf, loadCorpus, score } from '../eval/score';

describe('labelled corpus', () => {
  const corpus = loadCorpus();
  const gaz = buildGazetteer();
  const result = score(corpus, (r) => extractEvents(r, { gazetteer: gaz }));

  it('has at least 80 reports with captures, attacks, border changes and negatives', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    const types = new Set(corpus.flatMap((r) => r.events.map((e) => e.type)));
    expect(types.size).toBe(3);
    expect(corpus.filter((r) => r.events.length === 0).length).toBeGreaterThanOrEqual(20);
  });

  it('keeps overall F1 >= 0.90', () => {
    expect(result.overall.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the held-out sets (written after the rules) above 0.85 F1', () => {
    for (const f of ['holdout.ndjson', 'holdout2.ndjson', 'holdout3.ndjson']) {
      const set = loadCorpus(join(__dirname, '../eval', f));
      expect(score(set, (r) => extractEvents(r, { gazetteer: gaz })).overall.f1, f).toBeGreaterThanOrEqual(
        0.85,
      );
    }
  });

  it('keeps status and actor accuracy high on matched events', () => {
    expect(result.overall.statusAcc).toBeGreaterThanOrEqual(0.85);
    expect(result.overall.actorAcc).toBeGreaterThanOrEqual(0.85);
  });
});

describe('world dev set (real reporting, our words; eval/README.md)', () => {
  const dev = loadCorpus(join(__dirname, '../eval/devset-world.ndjson'));
  const held = loadCorpus(join(__dirname, '../eval/holdout-world.ndjson'));
  const all = [...dev, ...held];
  const gaz = buildGazetteer();
  const extract = (r: Parameters<typeof extractEvents>[0]) => extractEvents(r, { gazetteer: gaz });

  it('has >= 150 dev items and ~40 held out, from >= 10 countries, >= 25% negatives', () => {
    expect(dev.length).toBeGreaterThanOrEqual(150);
    expect(held.length).toBeGreaterThanOrEqual(35);
    expect(new Set(all.map(countryOf)).size).toBeGreaterThanOrEqual(10);
    expect(all.filter((r) => !r.events.length).length / all.length).toBeGreaterThanOrEqual(0.25);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it('credits a source and names a country for every item, and a place for every event', () => {
    for (const r of all) {
      expect(r.source, r.id).toMatch(/https?:\/\//);
      expect(r.country, r.id).toBeTruthy();
      for (const e of r.events) expect(e.place, r.id).toBeTruthy();
    }
  });

  // Floors just below what the extractor reaches (branch extract2: F1 84.0 all, 94.1 Afghanistan,
  // 80.0 world): they catch regressions; the goal is 0.90 (issue 13).
  it('keeps the dev set F1 at or above its recorded floor per group', () => {
    const floors: Record<string, number> = { all: 0.83, Afghanistan: 0.93, world: 0.79 };
    for (const [group, reports] of countryGroups(dev)) {
      const floor = floors[group.trim()];
      if (floor === undefined) continue;
      expect(score(reports, extract).overall.f1, group).toBeGreaterThanOrEqual(floor);
    }
  });
});
