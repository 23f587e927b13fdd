import { vi } from 'vitest';

vi.mock('../../../libs/kafka/src/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../libs/kafka/src/client')>();
  const { fakeClusterFor } = await import('../../../tests/rules/fake-kafka');
  return { ...actual, createKafka: (o: Parameters<typeof actual.createKafka>[0]) => (fakeClusterFor(o.brokers)?.client() as ReturnType<typeof actual.createKafka> | undefined) ?? actual.createKafka(o) };
});

import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { sampleAlert } from '@watchfire/notify';
import { fakeClusterFor } from '../../../tests/rules/fake-kafka';
import { startNotifier } from '../src/app';
import { auth, call, notifierConfig, sleep, TestKafka, waitFor } from './helpers';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

/**
 * The crash test's logic without a TCP broker (WATCHFIRE_FAKE_KAFKA=1): the first instance is
 * "killed" by taking its consumer out of the group without a goodbye (no commit, no flush) while
 * the SMTP server holds its in-flight mails, and a second instance takes over. The real thing
 * (a child process and SIGKILL) is crash.test.ts, on the embedded broker.
 */
describe.runIf(process.env.WATCHFIRE_FAKE_KAFKA === '1')('notifier crash mid fan-out (in-process, fake Kafka)', () => {
  const brokers = [`fake:${70_000 + Math.floor(Math.random() * 10_000)}`];
  let sink: SmtpSink;
  let kafka: TestKafka;
  let holding = false;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink({ delayMs: 3, gate: () => (holding ? new Promise<void>(() => undefined) : undefined) });
    kafka = new TestKafka(brokers);
  });
  afterAll(async () => {
    holding = false;
    // The "killed" first instance is left as it is; the second one is closed.
    await Promise.race([apps[1]?.close(), sleep(5_000)]);
    await sink?.stop();
  });

  it('every (alert, subscriber) arrives exactly once', async () => {
    const config = notifierConfig(brokers, sink.url);
    const start = async () => {
      const app = await startNotifier(config, { port: 0, notifier: { sendConcurrency: 4, smtpPoolSize: 4 } });
      apps.push(app);
      return urlOf(app);
    };
    const url = await start();
    const location = { id: 'crash-loc', name: 'Qala-i-Naw', kind: 'provincial_capital' as const, province: 'Badghis', country: 'Afghanistan' };
    const subs: string[] = [];
    for (let i = 0; i < 25; i++) subs.push((await call('POST', `${url}/subscriptions`, { email: `a${i}@example.org`, filter: { locationIds: [location.id] } }, auth)).body.id);
    const alerts = Array.from({ length: 4 }, (_, i) => {
      const a = sampleAlert({ id: `crash-${i}`, location });
      a.event.location = location;
      return a;
    });
    await kafka.publishAlerts(alerts);
    const total = subs.length * alerts.length;
    await waitFor('a third', () => sink.accepted.length >= total / 3);
    holding = true;
    await sleep(500);
    const before = sink.accepted.length;
    expect(before).toBeLessThan(total);

    // "SIGKILL": the member vanishes from the group; nothing of it is committed or flushed any more.
    const group = (fakeClusterFor(brokers) as unknown as { group(id: string): { members: unknown[] } }).group('watchfire-notifier');
    for (const m of group.members as { running: boolean; generation: number }[]) {
      m.running = false;
      m.generation = -1;
    }
    group.members = [];
    holding = false;

    await start();
    const expected = alerts.flatMap((a) => subs.map((s) => `<${a.id}.1.${s}@watchfire.test>`));
    await waitFor('all mail', () => expected.every((id) => sink.byMessageId(id).length > 0), 30_000);
    await sleep(500);
    const dupes = expected.filter((id) => sink.byMessageId(id).length > 1);
    expect(dupes).toEqual([]);
    expect(sink.accepted.length).toBe(total);
  }, 60_000);
});
