import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type WatchfireEvent } from '@watchfire/contracts';
import { readSeed, SEED_EXPECTED, seedSummary } from '../../libs/extraction/src/testing/seed';
import { collect } from '../rules/helpers';
import { http, startSystem, waitFor, type RunningSystem } from '../support/system';

/**
 * The article this project was created from, posted exactly as a user would
 * (`curl --data-binary @seed -H 'Content-Type: text/plain'`): its dateline shares the first line
 * with the text and starts with a space. The events the rules service publishes are the three it
 * holds and nothing else.
 */
describe('the seed article through ingestion and the rules service', () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  }, 90_000);
  afterAll(async () => {
    await sys?.stop();
  });

  it('publishes exactly its three events', async () => {
    const events = await collect<WatchfireEvent>(sys.broker.brokers, TOPICS.events);
    try {
      const posted = await http('POST', `${sys.urls.ingestion}/reports?source=seed`, readSeed());
      expect(posted.status).toBe(202);
      const mine = () => events.items.filter((e) => e.reportId === posted.body.id);
      await waitFor('three events of the seed', () => mine().length >= 3 || undefined, 30_000);
      // nothing more arrives after them
      await new Promise((r) => setTimeout(r, 2_000));
      expect(mine()[0]?.report?.publishedAt?.slice(0, 10)).toBe('2021-07-09');
      expect(seedSummary(mine())).toEqual(SEED_EXPECTED.map((re): unknown => expect.stringMatching(re)));
    } finally {
      await events.stop();
    }
  }, 60_000);
});
