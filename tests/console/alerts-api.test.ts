import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import type { Alert, Delivery, WatchfireEvent } from '@watchfire/contracts';
import { sampleAlert } from '@watchfire/notify/testing';
import { startNotifier } from '../../apps/notifier/src/app';
import {
  auth,
  http as call,
  notifierConfig,
  startBroker,
  TestKafka,
  waitFor,
  type Broker,
} from '../notifier/helpers';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

let broker: Broker;
let sink: SmtpSink;
let kafka: TestKafka;
let app: INestApplication;
let url: string;

const at = (m: number) => `2021-07-09T10:${String(m).padStart(2, '0')}:00Z`;

beforeAll(async () => {
  broker = await startBroker();
  sink = await startSmtpSink({});
  kafka = new TestKafka(broker.brokers);
  app = await startNotifier(notifierConfig(broker.brokers, sink.url), { port: 0, sessionTimeoutMs: 6_000 });
  url = urlOf(app);
}, 60_000);

let closed = false;

afterAll(async () => {
  if (!closed) await app?.close();
  await kafka?.close();
  await sink?.stop();
  await broker?.stop();
});

interface AlertPage {
  alerts: Alert[];
  nextCursor?: string;
}
interface AlertDetail {
  alert: Alert;
  revisions: Alert[];
  events: WatchfireEvent[];
  sources: Alert['corroboration']['sources'];
  deliveries: Delivery[];
}
const list = async (query: string) =>
  (await call('GET', `${url}/alerts${query}`, undefined, auth)).body as AlertPage;
const ids = (p: AlertPage) => p.alerts.map((a) => a.id);

/** Reads `event: alert` messages off GET /alerts/stream until `count` arrived. */
async function readStream(count: number, onOpen: () => Promise<void>) {
  const ctrl = new AbortController();
  const res = await fetch(`${url}/alerts/stream`, { headers: auth, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: { id: string; data: { change: string; alert: Alert } }[] = [];
  let buf = '';
  await onOpen();
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim();
      if (field('event') === 'alert')
        events.push({
          id: field('id')!,
          data: JSON.parse(field('data')!) as { change: string; alert: Alert },
        });
    }
  }
  ctrl.abort();
  return events;
}

describe('alerts API (notifier, from the alerts topic)', () => {
  it('needs the operator token, on the list, one alert and the stream', async () => {
    for (const path of ['/alerts', '/alerts/x', '/alerts/stream']) {
      expect((await call('GET', url + path)).status).toBe(401);
    }
  });

  it('streams new alerts and revisions, then lists and shows them with every revision and the deliveries', async () => {
    const r1 = sampleAlert({
      id: 'api-qala',
      createdAt: at(1),
      firstSeenAt: at(0),
      lastSeenAt: at(0),
      status: 'claimed',
    });
    const r2 = sampleAlert({
      id: 'api-qala',
      revision: 2,
      kind: 'update',
      changes: ['status: claimed -> confirmed'],
      status: 'confirmed',
      createdAt: at(4),
      firstSeenAt: at(0),
      lastSeenAt: at(3),
      event: { ...sampleAlert().event, id: 'ev-2', reportId: 'rep-2', status: 'confirmed' },
    });
    const other = sampleAlert({
      id: 'api-torkham',
      createdAt: at(2),
      type: 'border_crossing_control_change',
      severity: 'critical',
      location: {
        id: 'af-torkham',
        name: 'Torkham',
        kind: 'border_crossing',
        province: 'Nangarhar',
        country: 'Afghanistan',
        neighbor: 'Pakistan',
      },
    });
    const events = await readStream(3, () => kafka.publishAlerts([r1, other, r2]));
    expect(events.map((e) => e.id).sort()).toEqual(['api-qala.1', 'api-qala.2', 'api-torkham.1']);
    expect(events.find((e) => e.id === 'api-qala.2')!.data).toMatchObject({
      change: 'revision',
      alert: { status: 'confirmed' },
    });

    const all = await call('GET', `${url}/alerts`, undefined, auth);
    expect(all.status).toBe(200);
    expect((all.body as AlertPage).alerts.map((a) => [a.id, a.revision])).toEqual([
      ['api-qala', 2],
      ['api-torkham', 1],
    ]);
    expect(
      ids(await list('?status=confirmed,claimed&type=provincial_capital_attack&country=afghanistan')),
    ).toEqual(['api-qala']);
    expect(ids(await list('?minSeverity=critical'))).toEqual(['api-torkham']);
    expect(ids(await list('?place=torkham'))).toEqual(['api-torkham']);
    expect(ids(await list('?until=2021-07-09T09:00:00Z'))).toEqual([]);

    const page1 = await list('?limit=1');
    expect(page1.alerts).toHaveLength(1);
    const page2 = await list(`?limit=1&cursor=${page1.nextCursor}`);
    expect(ids(page2)).toEqual(['api-torkham']);
    expect(page2.nextCursor).toBeUndefined();

    const bad = await call('GET', `${url}/alerts?status=maybe&limit=0`, undefined, auth);
    expect(bad.status).toBe(400);
    const details = (bad.body as { error: { details: { path: string }[] } }).error.details;
    expect(details.map((d) => d.path).sort()).toEqual(['limit', 'status.0']);
    expect((await call('GET', `${url}/alerts?cursor=nonsense`, undefined, auth)).status).toBe(400);

    const res = await call('GET', `${url}/alerts/api-qala`, undefined, auth);
    expect(res.status).toBe(200);
    const one = res.body as AlertDetail;
    expect(one.alert.revision).toBe(2);
    expect(one.revisions.map((r) => r.status)).toEqual(['claimed', 'confirmed']);
    expect(one.events.map((e) => e.id)).toEqual(['ev-1', 'ev-2']);
    expect(one.sources[0].source).toBe('Example Wire');
    expect(Array.isArray(one.deliveries)).toBe(true);
    expect((await call('GET', `${url}/alerts/nope`, undefined, auth)).status).toBe(404);
  });

  it('shows the deliveries made for an alert', async () => {
    const sub = await call('POST', `${url}/subscriptions`, { email: 'ops@example.org' }, auth);
    expect(sub.status).toBe(201);
    await kafka.publishAlerts([sampleAlert({ id: 'api-delivered', createdAt: at(9) })]);
    const detail = await waitFor('a sent delivery on the alert', async () => {
      const r = await call('GET', `${url}/alerts/api-delivered`, undefined, auth);
      const body = r.body as AlertDetail;
      return r.status === 200 && body.deliveries.some((d) => d.status === 'sent') && body;
    });
    expect(detail.deliveries[0]).toMatchObject({
      email: 'ops@example.org',
      status: 'sent',
      alertRevision: 1,
    });
    expect(detail.deliveries[0].alert).toBeUndefined();
  });

  it('ends open event streams when the service stops, so it does not wait on them', async () => {
    const res = await fetch(`${url}/alerts/stream`, { headers: auth });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the "connected" comment
    await app.close();
    for (;;) if ((await reader.read()).done) break;
    closed = true;
  });
});
