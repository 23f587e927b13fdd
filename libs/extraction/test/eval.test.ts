import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGazetteer, extractEvents } from '../src';
import { loadCorpus, score } from '../eval/score';

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
