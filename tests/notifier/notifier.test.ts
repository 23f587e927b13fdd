import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { TOPICS, type Alert, type Delivery, type SubscriptionRecord } from '@watchfire/contracts';
import { sampleAlert } from '@watchfire/notify/testing';
import { startNotifier } from '../../apps/notifier/src/app';
import { DigestService } from '../../apps/notifier/src/digest.service';
import { LedgerService } from '../../apps/notifier/src/ledger.service';
import {
  auth,
  http,
  notifierConfig,
  rawHeader,
  sleep,
  startBroker,
  TestKafka,
  waitFor,
  type Broker,
} from './helpers';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

let broker: Broker;
let sink: SmtpSink;
let kafka: TestKafka;
let app: INestApplication;
let url: string;
let clockOffset = 0;
let seq = 0;

const NOTIFIER = {
  retry: { baseMs: 100, capMs: 400, retryForMs: 30_000 },
  recipientBurst: 3,
  recipientPerHour: 3_600, // one a second after the burst
  digestTickMs: 100,
  digestGraceMs: 0,
  now: () => Date.now() + clockOffset,
};

async function start(): Promise<void> {
  app = await startNotifier(notifierConfig(broker.brokers, sink.url), {
    port: 0,
    sessionTimeoutMs: 6_000,
    notifier: NOTIFIER,
  });
  url = urlOf(app);
}

beforeAll(async () => {
  broker = await startBroker();
  sink = await startSmtpSink({
    respond: ({ to }, attempt) => {
      if (to.some((a) => a.startsWith('greylist')) && attempt <= 2)
        return { code: 451, message: '4.7.1 Greylisted, try again later' };
      if (to.some((a) => a.startsWith('reject'))) return { code: 550, message: '5.1.1 No such user here' };
      return undefined;
    },
  });
  kafka = new TestKafka(broker.brokers);
  await start();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await kafka?.close();
  await sink?.stop();
  await broker?.stop();
});

/** A place of its own for each test, so alerts only match that test's subscribers. */
function place() {
  seq++;
  return {
    id: `loc-${seq}-${Date.now()}`,
    name: 'Qala-i-Naw',
    kind: 'provincial_capital' as const,
    province: 'Badghis',
    country: 'Afghanistan',
  };
}

function alertAt(location: ReturnType<typeof place>, over: Partial<Alert> = {}): Alert {
  const a = sampleAlert({
    id: `al-${location.id}-${over.revision ?? 1}-${Math.random().toString(36).slice(2, 8)}`,
    location,
    ...over,
  });
  a.event.location = location;
  return a;
}

async function subscribe(
  email: string,
  locationId: string,
  extra: Record<string, unknown> = {},
): Promise<SubscriptionRecord> {
  const r = await http(
    'POST',
    `${url}/subscriptions`,
    { email, name: 'Test Analyst', filter: { locationIds: [locationId] }, ...extra },
    auth,
  );
  expect(r.status, r.text).toBe(201);
  return r.body;
}

const gotAlert = (email: string, alert: Alert) =>
  sink.accepted.some((m) => m.to.includes(email) && m.messageId.startsWith(`<${alert.id}.`));
const mailsTo = (email: string) => sink.accepted.filter((m) => m.to.includes(email));
const deliveries = async (q: string): Promise<Delivery[]> =>
  (await http('GET', `${url}/deliveries?${q}`, undefined, auth)).body.deliveries;

describe('notifier with a real SMTP server and the embedded broker', () => {
  it('mails each matched subscriber once, escaped, with list headers, and records it in the ledger', async () => {
    const loc = place();
    const a = await subscribe('ana@example.org', loc.id);
    const b = await subscribe('ben@example.org', loc.id, { timezone: 'Asia/Kabul' });
    await subscribe('other@example.org', 'elsewhere');
    const alert = alertAt(loc);
    alert.event.evidence = [
      { text: 'Fighters attacked Qala-i-Naw <script>alert("x")</script> on Wednesday.', start: 0, end: 70 },
    ];
    await kafka.publishAlerts([alert]);
    await waitFor(
      'two mails',
      () => mailsTo('ana@example.org').length === 1 && mailsTo('ben@example.org').length === 1,
    );

    const mail = await mailsTo('ben@example.org')[0].parsed();
    expect(mail.subject).toBe('[HIGH] Provincial capital attacked — Qala-i-Naw (Badghis) — reported');
    expect(mail.messageId).toBe(`<${alert.id}.1.${b.id}@watchfire.test>`);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('<mark>Qala-i-Naw</mark>');
    expect(mail.text).toContain('Asia/Kabul');
    const raw = mailsTo('ben@example.org')[0].raw;
    expect(rawHeader(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(raw, 'List-Unsubscribe')).toMatch(
      /^<http:\/\/127\.0\.0\.1:1\/unsubscribe\?token=[A-Za-z0-9_.-]+>$/,
    );
    expect(mailsTo('other@example.org')).toHaveLength(0);

    await waitFor('ledger', async () => (await deliveries(`alertId=${alert.id}`)).length === 2);
    const rows = await deliveries(`alertId=${alert.id}&email=ana@example.org`);
    expect(rows).toMatchObject([
      {
        status: 'sent',
        attempts: 1,
        subscriptionId: a.id,
        messageId: `<${alert.id}.1.${a.id}@watchfire.test>`,
        mode: 'immediate',
      },
    ]);
    expect((await http('GET', `${url}/deliveries?alertId=${alert.id}`)).status).toBe(401);
  });

  it('does not send again when the alert is delivered again', async () => {
    const loc = place();
    await subscribe('twice@example.org', loc.id);
    const alert = alertAt(loc);
    await kafka.publishAlerts([alert]);
    await waitFor('first mail', () => mailsTo('twice@example.org').length === 1);
    await kafka.publishAlerts([alert, alert]);
    const marker = alertAt(loc);
    await kafka.publishAlerts([marker]); // same partition order is not guaranteed; wait for it and then some
    await waitFor('marker mail', () => mailsTo('twice@example.org').length >= 2);
    await sleep(500);
    expect(sink.accepted.filter((m) => m.messageId.startsWith(`<${alert.id}.`))).toHaveLength(1);
  });

  it('retries a 451 with backoff and delivers exactly one mail', async () => {
    const loc = place();
    const s = await subscribe('greylist@example.org', loc.id);
    await subscribe('prompt@example.org', loc.id);
    const alert = alertAt(loc);
    await kafka.publishAlerts([alert]);
    // The other subscriber is not held up by the retries.
    await waitFor('prompt mail', () => mailsTo('prompt@example.org').length === 1);
    await waitFor('greylisted mail', () => mailsTo('greylist@example.org').length === 1, 15_000);
    const id = `<${alert.id}.1.${s.id}@watchfire.test>`;
    expect(sink.attempts.filter((x) => x.messageId === id).map((x) => x.code)).toEqual([451, 451, 250]);
    await waitFor(
      'ledger sent',
      async () => (await deliveries(`alertId=${alert.id}&email=greylist@example.org`))[0]?.status === 'sent',
    );
    expect((await deliveries(`alertId=${alert.id}&email=greylist@example.org`))[0]).toMatchObject({
      status: 'sent',
      attempts: 3,
    });
    await sleep(600);
    expect(sink.byMessageId(id)).toHaveLength(1);
  });

  it('records a 550 as failed, dead-letters it, and does not try again', async () => {
    const loc = place();
    const s = await subscribe('reject@example.org', loc.id);
    const alert = alertAt(loc);
    await kafka.publishAlerts([alert]);
    const id = `<${alert.id}.1.${s.id}@watchfire.test>`;
    await waitFor(
      'ledger failed',
      async () => (await deliveries(`alertId=${alert.id}`))[0]?.status === 'failed',
    );
    const [row] = await deliveries(`alertId=${alert.id}`);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toMatch(/smtp_permanent.*550|No such user/);
    const dead = await waitFor('dead letter', async () =>
      (await kafka.deadLetters()).find((d) => d.key === `${alert.id}.1.${s.id}`),
    );
    expect(dead).toMatchObject({ reason: 'smtp_permanent', service: 'notifier' });
    expect(dead.error).toContain('No such user');
    await sleep(1_000);
    expect(sink.attempts.filter((x) => x.messageId === id)).toHaveLength(1);
  });

  it('stops mail after a one-click unsubscribe, and refuses forged tokens', async () => {
    const loc = place();
    await subscribe('leaver@example.org', loc.id);
    await kafka.publishAlerts([alertAt(loc)]);
    await waitFor('first mail', () => mailsTo('leaver@example.org').length === 1);
    const header = rawHeader(mailsTo('leaver@example.org')[0].raw, 'List-Unsubscribe')!;
    const token = new URL(header.slice(1, -1)).searchParams.get('token')!;
    const local = `${url}/unsubscribe?token=${encodeURIComponent(token)}`;

    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(
      (
        await http(
          'POST',
          `${url}/unsubscribe?token=${encodeURIComponent(forged)}`,
          'List-Unsubscribe=One-Click',
          { 'Content-Type': 'application/x-www-form-urlencoded' },
        )
      ).status,
    ).toBe(400);
    // GET shows a page and does not unsubscribe (link scanners fetch URLs).
    const page = await http('GET', local, undefined, { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    const one = await http('POST', local, 'List-Unsubscribe=One-Click', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ status: 'unsubscribed' });

    await kafka.publishAlerts([alertAt(loc)]);
    await subscribe('witness@example.org', loc.id);
    const b = alertAt(loc);
    await kafka.publishAlerts([b]);
    // (The witness may also get the alert before it: matching happens when an alert is consumed.)
    await waitFor('witness mail', () => gotAlert('witness@example.org', b));
    await sleep(300);
    expect(mailsTo('leaver@example.org')).toHaveLength(1);
  });

  it('double opt-in: nothing before the confirmation link is opened, then mail', async () => {
    const loc = place();
    const r = await http('POST', `${url}/subscribe`, {
      email: 'newbie@example.org',
      filter: { locationIds: [loc.id] },
    });
    expect(r.status, r.text).toBe(202);
    await waitFor('confirmation mail', () => mailsTo('newbie@example.org').length === 1);
    const confirmation = await mailsTo('newbie@example.org')[0].parsed();
    expect(confirmation.subject).toBe('Confirm your Watchfire alert subscription');
    const link = /http:\/\/127\.0\.0\.1:1\/confirm\?token=[A-Za-z0-9_.%-]+/.exec(confirmation.text ?? '')![0];

    await kafka.publishAlerts([alertAt(loc)]);
    await subscribe('witness2@example.org', loc.id);
    const b = alertAt(loc);
    await kafka.publishAlerts([b]);
    await waitFor('witness mail', () => gotAlert('witness2@example.org', b));
    expect(mailsTo('newbie@example.org')).toHaveLength(1);

    const path = new URL(link);
    expect(
      (await http('GET', `${url}/confirm?token=${path.searchParams.get('token')!.slice(0, -1)}x`)).status,
    ).toBe(400);
    const ok = await http('GET', `${url}/confirm${path.search}`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('active');
    await kafka.publishAlerts([alertAt(loc)]);
    await waitFor('alert to the confirmed subscriber', () => mailsTo('newbie@example.org').length === 2);
  });

  it('rate-limits public subscription requests', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await http('POST', `${url}/subscribe`, { email: 'flood@example.org' })).status);
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });

  it('neutralises header injection from every side', async () => {
    for (const email of [
      'x@example.org\r\nBcc: victim@example.org',
      'x@example.org\nBcc:victim@example.org',
      '"x\r\n"@example.org',
      'x@example.org, victim@example.org',
    ]) {
      expect((await http('POST', `${url}/subscriptions`, { email }, auth)).status).toBe(400);
      expect((await http('POST', `${url}/subscribe`, { email })).status).toBe(400);
    }
    expect(
      (
        await http(
          'POST',
          `${url}/subscriptions`,
          { email: 'x@example.org', name: 'X\r\nBcc: victim@example.org' },
          auth,
        )
      ).status,
    ).toBe(400);
    expect(
      (await http('POST', `${url}/subscriptions`, { email: 'x@example.org', timezone: 'Mars/Olympus' }, auth))
        .status,
    ).toBe(400);

    const loc = {
      ...place(),
      name: 'Qala\r\nBcc: victim@example.org\r\nX-Evil: 1',
      province: 'Badghis\nSubject: pwned',
    };
    await subscribe('target@example.org', loc.id);
    const alert = alertAt(loc, { actor: 'Taliban\r\nX-Actor: 1' });
    await kafka.publishAlerts([alert]);
    await waitFor('mail', () => mailsTo('target@example.org').length === 1);
    const m = mailsTo('target@example.org')[0];
    expect(m.to).toEqual(['target@example.org']);
    const parsed = await m.parsed();
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.subject).toBe(
      '[HIGH] Provincial capital attacked — Qala Bcc: victim@example.org X-Evil: 1 (Badghis Subject: pwned) — reported',
    );
    expect(sink.accepted.some((x) => x.to.includes('victim@example.org'))).toBe(false);
  });

  it('records a silenced alert without mailing it', async () => {
    const loc = place();
    await subscribe('quiet@example.org', loc.id);
    const alert = alertAt(loc, { silenced: true, silenceIds: ['sil-1'] });
    await kafka.publishAlerts([alert]);
    await waitFor(
      'ledger',
      async () => (await deliveries(`alertId=${alert.id}`))[0]?.status === 'suppressed',
    );
    expect((await deliveries(`alertId=${alert.id}`))[0].error).toContain('sil-1');
    expect(mailsTo('quiet@example.org')).toHaveLength(0);
  });

  it('sends an update as a follow-up in the same thread', async () => {
    const loc = place();
    const s = await subscribe('thread@example.org', loc.id);
    const first = alertAt(loc, { status: 'claimed' });
    await kafka.publishAlerts([first]);
    await waitFor('first', () => mailsTo('thread@example.org').length === 1);
    const update = {
      ...first,
      revision: 2,
      kind: 'update' as const,
      status: 'confirmed' as const,
      changes: ['status: claimed -> confirmed'],
    };
    await kafka.publishAlerts([update]);
    await waitFor('update', () => mailsTo('thread@example.org').length === 2);
    const m = await mailsTo('thread@example.org')[1].parsed();
    expect(m.subject).toBe('Re: [HIGH] Provincial capital attacked — Qala-i-Naw (Badghis) — confirmed');
    expect(m.inReplyTo).toBe(`<${first.id}.1.${s.id}@watchfire.test>`);
    expect(m.references).toContain(`<${first.id}.1.${s.id}@watchfire.test>`);
    expect(m.text).toContain('status: claimed -> confirmed');
  });

  it('defers mail past the per-recipient rate limit without losing or repeating any', async () => {
    const loc = place();
    await subscribe('busy@example.org', loc.id);
    const alerts = Array.from({ length: 5 }, () => alertAt(loc));
    await kafka.publishAlerts(alerts);
    await waitFor('burst', () => mailsTo('busy@example.org').length >= 3);
    await sleep(200);
    expect(mailsTo('busy@example.org').length).toBe(3);
    await waitFor('the rest', () => mailsTo('busy@example.org').length === 5, 10_000);
    expect(new Set(mailsTo('busy@example.org').map((m) => m.messageId)).size).toBe(5);
  });

  it('collects digest alerts in Kafka across a restart and sends one mail per period', async () => {
    const loc = place();
    const s = await subscribe('digest@example.org', loc.id, { delivery: 'hourly', timezone: 'Asia/Kabul' });
    const alerts = [alertAt(loc, { severity: 'medium' }), alertAt(loc, { severity: 'critical' })];
    await kafka.publishAlerts(alerts);
    await waitFor(
      'queued',
      async () => (await deliveries(`email=digest@example.org&status=queued`)).length === 2,
    );
    expect(mailsTo('digest@example.org')).toHaveLength(0);
    // The update of a queued alert replaces it in the digest.
    await kafka.publishAlerts([
      {
        ...alerts[0],
        revision: 2,
        kind: 'update',
        status: 'confirmed',
        changes: ['status: reported -> confirmed'],
      },
    ]);
    await waitFor(
      'queued update',
      async () => (await deliveries(`email=digest@example.org&status=queued`)).length === 3,
    );

    await app.close();
    clockOffset = 3_600_000; // an hour later: the period is over
    await start();
    await app.get(DigestService).tick();
    await waitFor('digest', () => mailsTo('digest@example.org').length === 1, 20_000);
    const m = await mailsTo('digest@example.org')[0].parsed();
    expect(m.subject).toMatch(/^\[CRITICAL\] Watchfire hourly digest — 2 alerts — /);
    expect(m.messageId).toMatch(new RegExp(`^<digest\\.${s.id}\\.`));
    expect(m.text).toContain('(revision 2)');
    expect(rawHeader(mailsTo('digest@example.org')[0].raw, 'List-Unsubscribe-Post')).toBe(
      'List-Unsubscribe=One-Click',
    );
    await waitFor(
      'ledger',
      async () => (await deliveries(`email=digest@example.org&status=sent`)).length === 4,
    );
    await app.get(DigestService).tick();
    await sleep(500);
    expect(mailsTo('digest@example.org')).toHaveLength(1);
    clockOffset = 0;
  });

  it('serves the operator API with the token only', async () => {
    expect((await http('GET', `${url}/subscriptions`)).status).toBe(401);
    const created = await subscribe('crud@example.org', 'crud-loc');
    expect(created).toMatchObject({ status: 'active', version: 1, delivery: 'immediate' });
    const put = await http(
      'PUT',
      `${url}/subscriptions/${created.id}`,
      { email: 'Crud@Example.ORG', delivery: 'daily', timezone: 'asia/kabul' },
      auth,
    );
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({
      email: 'Crud@example.org',
      delivery: 'daily',
      timezone: 'Asia/Kabul',
      version: 2,
      status: 'active',
    });
    expect((await http('GET', `${url}/subscriptions/${created.id}`, undefined, auth)).body.version).toBe(2);
    expect(
      (await http('GET', `${url}/subscriptions?email=crud@example.org`, undefined, auth)).body.subscriptions,
    ).toHaveLength(1);
    expect((await http('DELETE', `${url}/subscriptions/${created.id}`, undefined, auth)).status).toBe(204);
    expect((await http('GET', `${url}/subscriptions/${created.id}`, undefined, auth)).status).toBe(404);
    expect((await http('GET', `${url}/deliveries?limit=5000`, undefined, auth)).status).toBe(400);
  });

  it('removes delivery records past the retention with tombstones, on the owner of alert partition 0', async () => {
    const ledger = app.get(LedgerService);
    const before = (await deliveries('limit=1000')).length;
    expect(before).toBeGreaterThan(0);
    expect(await ledger.sweep(Date.now())).toBe(0); // nothing is 90 days old
    const removed = await ledger.sweep(Date.now() + 91 * 86_400_000);
    expect(removed).toBe(before);
    expect(await deliveries('limit=1000')).toEqual([]);
    const records = await kafka.records(TOPICS.deliveries);
    expect(records.filter((m) => m.value === null).length).toBe(removed);
  });
});
