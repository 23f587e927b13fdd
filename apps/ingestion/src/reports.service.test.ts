import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '@watchfire/common';
import type { KafkaFactory, KafkaPublisher } from '@watchfire/kafka';
import type { NormalisedReport } from './report-input';
import { ReportsService } from './reports.service';

/**
 * The de-duplication bookkeeping around publishing, with a stand-in publisher whose sends the
 * test resolves or fails by hand (the real path is covered against the broker in tests/ingestion).
 */
function setup() {
  const sends: { ids: string[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  const publisher = {
    publish: (_topic: string, messages: { key: string }[]) =>
      new Promise<void>((resolve, reject) =>
        sends.push({ ids: messages.map((m) => m.key), resolve, reject }),
      ),
  } as unknown as KafkaPublisher;
  const factory = {
    keyFollower: () => ({ start: async () => undefined, stop: async () => undefined }),
  } as unknown as KafkaFactory;
  const service = new ReportsService(publisher, new MetricsRegistry(), factory, { dedupIds: 1_000 });
  return { service, sends };
}

const report = (id: string): NormalisedReport => ({
  id,
  source: 's',
  body: `body ${id}`,
  contentHash: id.padEnd(64, '0'),
});
const tick = () => new Promise((r) => setImmediate(r));

describe('ReportsService.accept', () => {
  it('publishes each report once; repeats in a batch and in a concurrent batch are duplicates answered after the ack', async () => {
    const { service, sends } = setup();
    const first = service.accept([report('a'), report('b'), report('a')]);
    await tick();
    let secondDone = false;
    const second = service.accept([report('b'), report('c')]).then((r) => ((secondDone = true), r));
    await tick();
    expect(sends.map((s) => s.ids)).toEqual([['a', 'b'], ['c']]);
    sends[1].resolve();
    await tick();
    expect(secondDone).toBe(false); // "b" is a duplicate only once the first batch is durable
    sends[0].resolve();
    expect(await first).toEqual([
      { id: 'a', duplicate: false },
      { id: 'b', duplicate: false },
      { id: 'a', duplicate: true },
    ]);
    expect(await second).toEqual([
      { id: 'b', duplicate: true },
      { id: 'c', duplicate: false },
    ]);
    expect(await service.accept([report('c')])).toEqual([{ id: 'c', duplicate: true }]);
  });

  it('does not call a report a duplicate of a publish that failed: the waiting request publishes it', async () => {
    const { service, sends } = setup();
    const first = service.accept([report('a')]);
    await tick();
    const second = service.accept([report('a')]);
    await tick();
    sends[0].reject(new Error('broker down'));
    await expect(first).rejects.toThrow('broker down');
    await tick();
    expect(sends.map((s) => s.ids)).toEqual([['a'], ['a']]);
    sends[1].resolve();
    expect(await second).toEqual([{ id: 'a', duplicate: false }]);
  });
});
