import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAlert } from '@watchfire/notify/testing';
import { auth, http, sleep, startBroker, TestKafka, TEST_TOKEN, waitFor, type Broker } from './helpers';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const ROOT = path.resolve(__dirname, '../..');
const SUBSCRIBERS = 30;
const ALERTS = 4;

let broker: Broker;
let sink: SmtpSink;
let kafka: TestKafka;
const children: ChildProcess[] = [];
let holding = false;

/** The notifier as its own process (`node apps/notifier/src/main.ts`), so it can be SIGKILLed. */
async function spawnNotifier(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'apps/notifier/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_BROKERS: broker.brokers.join(','),
      SMTP_URL: sink.url,
      OPERATOR_TOKEN: TEST_TOKEN,
      NOTIFIER_PORT: '0',
      LOG_LEVEL: 'warn',
      MAIL_FROM: 'Watchfire <alerts@watchfire.test>',
      NOTIFIER_SESSION_TIMEOUT_MS: '6000',
      NOTIFIER_SEND_CONCURRENCY: '4',
      NOTIFIER_SMTP_POOL: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`notifier did not start: ${err.slice(-2000)}`)), 45_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /notifier listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`notifier exited with ${code}: ${err.slice(-2000)}`)));
  });
  return { child, url };
}

beforeAll(async () => {
  broker = await startBroker();
  sink = await startSmtpSink({
    delayMs: 5,
    gate: () => (holding ? new Promise<void>(() => undefined) : undefined),
  });
  kafka = new TestKafka(broker.brokers);
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await kafka?.close();
  await sink?.stop();
  await broker?.stop();
});

describe('notifier killed with SIGKILL in the middle of a fan-out', () => {
  it('restarts and sends every (alert, subscriber) exactly once', async () => {
    const first = await spawnNotifier();
    const location = {
      id: 'crash-loc',
      name: 'Qala-i-Naw',
      kind: 'provincial_capital' as const,
      province: 'Badghis',
      country: 'Afghanistan',
    };
    const subs: string[] = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const r = await http(
        'POST',
        `${first.url}/subscriptions`,
        { email: `analyst${i}@example.org`, filter: { locationIds: [location.id] } },
        auth,
      );
      expect(r.status, r.text).toBe(201);
      subs.push(r.body.id);
    }
    const alerts = Array.from({ length: ALERTS }, (_, i) => {
      const a = sampleAlert({ id: `crash-alert-${i}`, location });
      a.event.location = location;
      return a;
    });
    await kafka.publishAlerts(alerts);

    const total = SUBSCRIBERS * ALERTS;
    await waitFor('a third of the fan-out', () => sink.accepted.length >= total / 3, 30_000);
    holding = true; // answers to anything in flight are held back: those mails are not accepted
    await sleep(1_000); // what was accepted has been recorded by now
    const acceptedBeforeKill = sink.accepted.length;
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(acceptedBeforeKill).toBeLessThan(total);
    holding = false;

    await spawnNotifier();
    const expected = new Set(alerts.flatMap((a) => subs.map((s) => `<${a.id}.1.${s}@watchfire.test>`)));
    await waitFor(
      'every mail',
      () =>
        expected.size === new Set(sink.accepted.map((m) => m.messageId)).size &&
        [...expected].every((id) => sink.byMessageId(id).length > 0),
      60_000,
    );
    await sleep(1_500);
    const counts = new Map<string, number>();
    for (const m of sink.accepted) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1);
    expect(twice, `sent twice: ${twice.map(([id]) => id).join(', ')}`).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...expected].sort());
    expect(sink.accepted.length).toBe(total);
  }, 120_000);
});
