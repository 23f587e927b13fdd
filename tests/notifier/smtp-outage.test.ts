import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import type { Alert, Delivery, SubscriptionRecord } from '@watchfire/contracts';
import { backoffCeiling } from '@watchfire/notify';
import { sampleAlert } from '@watchfire/notify/testing';
import { startNotifier } from '../../apps/notifier/src/app';
import {
  auth,
  http as call,
  notifierConfig,
  sleep,
  startBroker,
  TestKafka,
  waitFor,
  type Broker,
} from './helpers';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

/**
 * A real SMTP server that refuses every message with 451 for longer than the old attempt-count
 * rule would ever have kept trying, then recovers: the time budget delivers every alert exactly
 * once. The scale is milliseconds instead of minutes (backoff base 50 ms, cap 400 ms, budget 30 s).
 */
const RETRY = { baseMs: 50, capMs: 400, retryForMs: 30_000 };
/** The rule this replaces: 8 attempts in all. Its longest possible span (every jitter at its ceiling). */
const OLD_MAX_ATTEMPTS = 8;
const OLD_LONGEST_SPAN_MS = Array.from({ length: OLD_MAX_ATTEMPTS - 1 }, (_, i) =>
  backoffCeiling(i + 1, RETRY),
).reduce((a, b) => a + b, 0);
const OUTAGE_MS = OLD_LONGEST_SPAN_MS * 3;

let broker: Broker;
let sink: SmtpSink;
let kafka: TestKafka;
let app: INestApplication;
let url: string;
/**
 * The outage each alert's mail meets: from its first attempt, 451 for OUTAGE_MS and for at least
 * OLD_MAX_ATTEMPTS + 2 attempts. Counted per message rather than from one instant, so that an alert
 * first tried late (a loaded machine) still meets the whole outage.
 */
let outage = false;
const firstSeen = new Map<string, number>();
const downFor = (messageId: string, attempt: number) => {
  if (!outage) return false;
  const t0 = firstSeen.get(messageId) ?? Date.now();
  firstSeen.set(messageId, t0);
  return attempt <= OLD_MAX_ATTEMPTS + 2 || Date.now() - t0 < OUTAGE_MS;
};
const refuse = new Set<string>();

beforeAll(async () => {
  broker = await startBroker();
  sink = await startSmtpSink({
    respond: ({ to, messageId }, attempt) => {
      if (downFor(messageId, attempt)) return { code: 451, message: '4.3.2 System down for maintenance' };
      if (to.some((a) => refuse.has(a))) return { code: 550, message: '5.1.1 No such user here' };
      return undefined;
    },
  });
  kafka = new TestKafka(broker.brokers);
  app = await startNotifier(notifierConfig(broker.brokers, sink.url), {
    port: 0,
    sessionTimeoutMs: 6_000,
    notifier: { retry: RETRY, recipientBurst: 1_000, recipientPerHour: 1_000_000 },
  });
  url = urlOf(app);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await kafka?.close();
  await sink?.stop();
  await broker?.stop();
});

let seq = 0;
function alertFor(locationId: string): Alert {
  const location = {
    id: locationId,
    name: 'Qala-i-Naw',
    kind: 'provincial_capital' as const,
    province: 'Badghis',
    country: 'Afghanistan',
  };
  const a = sampleAlert({ id: `outage-${locationId}-${++seq}`, location });
  a.event.location = location;
  return a;
}

async function subscribe(email: string, locationId: string): Promise<SubscriptionRecord> {
  const r = await call(
    'POST',
    `${url}/subscriptions`,
    { email, filter: { locationIds: [locationId] } },
    auth,
  );
  expect(r.status, r.text).toBe(201);
  return r.body as SubscriptionRecord;
}

const deliveries = async (q: string): Promise<Delivery[]> =>
  ((await call('GET', `${url}/deliveries?${q}`, undefined, auth)).body as { deliveries: Delivery[] })
    .deliveries;

describe('SMTP outage longer than the old retry span', () => {
  it('retries for the time budget and delivers every alert exactly once when the server recovers', async () => {
    const loc = `outage-${Date.now()}`;
    await subscribe('analyst@example.org', loc);
    const alerts = Array.from({ length: 10 }, () => alertFor(loc));
    outage = true;
    await kafka.publishAlerts(alerts);

    const ids = alerts.map((a) => a.id);
    const mailOf = (id: string) => sink.accepted.filter((m) => m.messageId.startsWith(`<${id}.`));
    await waitFor('every alert mailed', () => ids.every((id) => mailOf(id).length >= 1), 30_000);
    await sleep(1_000); // any duplicate would arrive now
    for (const id of ids) expect(mailOf(id), id).toHaveLength(1);
    outage = false;
    // every mail was refused for the whole outage, and accepted only after it
    for (const m of sink.accepted.filter((x) => ids.some((id) => x.messageId.startsWith(`<${id}.`))))
      expect(m.receivedAt - firstSeen.get(m.messageId)!).toBeGreaterThanOrEqual(OUTAGE_MS);
    // The old rule would have given up: each alert needed more attempts, over a longer span, than it allowed.
    const refusedPerAlert = ids.map(
      (id) => sink.attempts.filter((x) => x.messageId.startsWith(`<${id}.`) && x.code === 451).length,
    );
    expect(Math.min(...refusedPerAlert)).toBeGreaterThanOrEqual(OLD_MAX_ATTEMPTS);
    expect(OUTAGE_MS).toBeGreaterThan(OLD_LONGEST_SPAN_MS);
    const rows = await waitFor('ledger: all sent', async () => {
      const r = (await deliveries(`email=analyst@example.org&limit=1000`)).filter((d) =>
        ids.includes(d.alertId),
      );
      return r.length === ids.length && r.every((d) => d.status === 'sent') ? r : undefined;
    });
    for (const d of rows) expect(d.attempts).toBeGreaterThan(OLD_MAX_ATTEMPTS);
  }, 60_000);

  it('lets an operator re-drive a failed delivery, once; bulk by address; never a sent one', async () => {
    const loc = `redrive-${Date.now()}`;
    refuse.add('gone@example.org');
    const s = await subscribe('gone@example.org', loc);
    const alerts = [alertFor(loc), alertFor(loc)];
    await kafka.publishAlerts(alerts);
    const ids = alerts.map((a) => `${a.id}.1.${s.id}`);
    await waitFor('both failed', async () => {
      const r = await deliveries(`email=gone@example.org&status=failed`);
      return r.length === 2 ? r : undefined;
    });
    // the mailbox is fixed; the operator re-drives the first one
    refuse.delete('gone@example.org');
    const one = await call('POST', `${url}/deliveries/${ids[0]}/retry`, undefined, auth);
    expect(one.status, one.text).toBe(202);
    expect(one.body).toMatchObject({ id: ids[0], status: 'retrying', redrivenBy: 'operator' });
    const mails = (id: string) => sink.accepted.filter((m) => m.messageId === `<${id}@watchfire.test>`);
    await waitFor('re-driven mail', () => mails(ids[0]).length === 1);
    const sent = await waitFor('ledger sent', async () =>
      (await deliveries(`alertId=${alerts[0].id}`)).find((d) => d.status === 'sent'),
    );
    expect(sent).toMatchObject({ redrivenBy: 'operator', attempts: 2 });
    // a sent delivery is never sent again
    const again = await call('POST', `${url}/deliveries/${ids[0]}/retry`, undefined, auth);
    expect(again.status).toBe(409);
    expect((again.body as { error: { message: string } }).error.message).toMatch(/only failed deliveries/);
    expect((await call('POST', `${url}/deliveries/nope.1.x/retry`, undefined, auth)).status).toBe(404);
    // bulk: everything failed for this address (the second alert), and nothing else
    expect((await call('POST', `${url}/deliveries/retry`, {}, auth)).status).toBe(400);
    const bulk = await call('POST', `${url}/deliveries/retry`, { email: 'gone@example.org' }, auth);
    expect(bulk.status, bulk.text).toBe(202);
    expect(bulk.body).toEqual({ redriven: [ids[1]], skipped: [] });
    await waitFor('bulk re-driven mail', () => mails(ids[1]).length === 1);
    await sleep(800);
    expect(mails(ids[0])).toHaveLength(1);
    expect(mails(ids[1])).toHaveLength(1);
    // unauthenticated: 401
    expect((await call('POST', `${url}/deliveries/retry`, { all: true })).status).toBe(401);
  }, 60_000);
});
