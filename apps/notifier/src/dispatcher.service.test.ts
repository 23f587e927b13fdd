import { describe, expect, it } from 'vitest';
import { MetricsRegistry, parseConfig } from '@watchfire/common';
import { TOPICS, type Delivery, type SubscriptionRecord } from '@watchfire/contracts';
import type { RenderedEmail } from '@watchfire/notify';
import { sampleAlert } from '@watchfire/notify/testing';
import { DispatcherService } from './dispatcher.service';
import { LinksService } from './links.service';
import { resolveNotifierOptions, type NotifierOptions } from './notifier-options';
import { OwnershipService } from './ownership.service';
import type { DeadLetters, DeliveryLedger, DigestQueue, MailTransport, SubscriptionLookup } from './ports';
import type { FailedMessage } from '@watchfire/kafka';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sub(id: string, email: string, over: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id,
    email,
    delivery: 'immediate',
    status: 'active',
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

/** The dispatcher over in-memory fakes of the ledger, the subscriptions and SMTP. */
function harness(opts: {
  smtp: (mail: RenderedEmail, attempt: number) => void | Error;
  subs: SubscriptionRecord[];
  notifier?: Partial<NotifierOptions>;
}) {
  const records = new Map<string, Delivery>();
  const listeners: ((r: Delivery | null, id: string) => void)[] = [];
  const ledger: DeliveryLedger = {
    get: (id: string) => records.get(id),
    write: async (r: Delivery) => {
      records.set(r.id, r);
      for (const l of listeners) l(r, r.id);
    },
    onChange: (l: (r: Delivery | null, id: string) => void) => void listeners.push(l),
    entries: () => records.entries(),
  };
  const subs = new Map(opts.subs.map((s) => [s.id, s]));
  const subscriptions: SubscriptionLookup = {
    match: () => [...subs.values()].filter((s) => s.status === 'active'),
    find: (id: string) => subs.get(id),
  };
  const sent: RenderedEmail[] = [];
  const attempts = new Map<string, number>();
  const mailer: MailTransport = {
    messageIdDomain: 'watchfire.test',
    send: async (mail: RenderedEmail) => {
      const n = (attempts.get(mail.messageId) ?? 0) + 1;
      attempts.set(mail.messageId, n);
      const err = opts.smtp(mail, n);
      if (err) throw err;
      sent.push(mail);
      return '250 ok';
    },
  };
  const dead: FailedMessage[] = [];
  const dlq: DeadLetters = { send: async (f) => void dead.push(f) };
  const config = parseConfig({
    OPERATOR_TOKEN: 'unit-test-operator-token-01234',
    PUBLIC_BASE_URL: 'https://w.example.org',
  });
  const options = resolveNotifierOptions({
    retry: { baseMs: 5, capMs: 20, retryForMs: 150 },
    ...opts.notifier,
  });
  const ownership = new OwnershipService();
  const digests: DigestQueue = { enqueue: async () => 'digest.x' };
  const d = new DispatcherService(
    options,
    subscriptions,
    ledger,
    mailer,
    digests,
    new LinksService(config, mailer),
    ownership,
    dlq,
    new MetricsRegistry(),
  );
  d.onModuleInit();
  ownership.set({ [TOPICS.alerts]: [0, 1, 2] });
  return { d, records, sent, attempts, dead, subs };
}

const smtpError = (code: number) => Object.assign(new Error(`${code} nope`), { responseCode: code });

describe('DispatcherService', () => {
  it('sends once per (alert, subscriber) and consults the ledger on redelivery', async () => {
    const h = harness({
      smtp: () => undefined,
      subs: [sub('s1', 'a@example.org'), sub('s2', 'b@example.org')],
    });
    const alert = sampleAlert();
    await h.d.handleAlert(alert, 0);
    await h.d.handleAlert(alert, 0);
    await Promise.all([h.d.handleAlert(alert, 0), h.d.handleAlert(alert, 0)]);
    expect(h.sent.map((m) => m.to.address).sort()).toEqual(['a@example.org', 'b@example.org']);
    expect(h.records.get(`${alert.id}.1.s1`)).toMatchObject({
      status: 'sent',
      attempts: 1,
      messageId: `<${alert.id}.1.s1@watchfire.test>`,
    });
  });

  it('retries a transient failure in the background; the handler and the others do not wait', async () => {
    const h = harness({
      smtp: (m, n) => (m.to.address === 'slow@example.org' && n <= 2 ? smtpError(451) : undefined),
      subs: [sub('s1', 'slow@example.org'), sub('s2', 'fast@example.org')],
    });
    const alert = sampleAlert();
    await h.d.handleAlert(alert, 1);
    expect(h.sent.map((m) => m.to.address)).toEqual(['fast@example.org']);
    expect(h.records.get(`${alert.id}.1.s1`)).toMatchObject({
      status: 'retrying',
      attempts: 1,
      alertPartition: 1,
    });
    expect(h.records.get(`${alert.id}.1.s1`)!.alert).toBeDefined();
    for (let i = 0; i < 100 && h.records.get(`${alert.id}.1.s1`)!.status !== 'sent'; i++) await sleep(10);
    expect(h.records.get(`${alert.id}.1.s1`)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(h.records.get(`${alert.id}.1.s1`)!.alert).toBeUndefined();
    expect(h.sent.filter((m) => m.to.address === 'slow@example.org')).toHaveLength(1);
    await h.d.handleAlert(alert, 1);
    expect(h.sent).toHaveLength(2);
  });

  it('records a permanent failure once and dead-letters it', async () => {
    const h = harness({ smtp: () => smtpError(550), subs: [sub('s1', 'x@example.org')] });
    const alert = sampleAlert();
    await h.d.handleAlert(alert, 0);
    await sleep(100);
    expect(h.records.get(`${alert.id}.1.s1`)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(h.attempts.get(`<${alert.id}.1.s1@watchfire.test>`)).toBe(1);
    expect(h.dead).toMatchObject([{ reason: 'smtp_permanent', key: `${alert.id}.1.s1` }]);
    expect(h.d.pendingRetries).toBe(0);
  });

  it('gives up when the retry budget is spent, not after a number of attempts', async () => {
    const h = harness({
      smtp: () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }),
      subs: [sub('s1', 'x@example.org')],
    });
    const alert = sampleAlert();
    await h.d.handleAlert(alert, 0);
    for (let i = 0; i < 100 && h.records.get(`${alert.id}.1.s1`)!.status !== 'failed'; i++) await sleep(10);
    const rec = h.records.get(`${alert.id}.1.s1`)!;
    expect(rec).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^retry_budget_exhausted after \d+ attempts over/),
    });
    // the last attempt was made at the end of the 150 ms budget, not before
    expect(Date.parse(rec.at) - Date.parse(rec.firstFailedAt!)).toBeGreaterThanOrEqual(150);
    expect(h.dead).toMatchObject([{ reason: 'retry_budget_exhausted' }]);
  });

  it('does not retry for someone who unsubscribed meanwhile', async () => {
    const h = harness({
      smtp: (_m, n) => (n === 1 ? smtpError(421) : undefined),
      subs: [sub('s1', 'x@example.org')],
      notifier: { retry: { baseMs: 50, capMs: 50, retryForMs: 1_000 } },
    });
    const alert = sampleAlert();
    await h.d.handleAlert(alert, 0);
    h.subs.set('s1', sub('s1', 'x@example.org', { status: 'unsubscribed' }));
    for (let i = 0; i < 100 && h.records.get(`${alert.id}.1.s1`)!.status === 'retrying'; i++) await sleep(10);
    expect(h.records.get(`${alert.id}.1.s1`)).toMatchObject({ status: 'suppressed' });
    expect(h.sent).toHaveLength(0);
  });

  it('records silenced alerts without sending, queues digest subscribers', async () => {
    const h = harness({
      smtp: () => undefined,
      subs: [sub('s1', 'x@example.org'), sub('s2', 'y@example.org', { delivery: 'daily' })],
    });
    const silenced = sampleAlert({ id: 'sil', silenced: true, silenceIds: ['q1'] });
    await h.d.handleAlert(silenced, 0);
    expect(h.records.get('sil.1.s1')).toMatchObject({ status: 'suppressed', error: 'silenced by q1' });
    expect(h.sent).toHaveLength(0);
    const alert = sampleAlert({ id: 'dg' });
    await h.d.handleAlert(alert, 0);
    expect(h.records.get('dg.1.s2')).toMatchObject({
      status: 'queued',
      mode: 'digest',
      digestId: 'digest.x',
    });
    expect(h.sent.map((m) => m.to.address)).toEqual(['x@example.org']);
  });

  it('defers past the per-recipient rate limit, then delivers', async () => {
    const h = harness({
      smtp: () => undefined,
      subs: [sub('s1', 'x@example.org')],
      notifier: { recipientBurst: 2, recipientPerHour: 36_000 },
    });
    for (let i = 0; i < 3; i++) await h.d.handleAlert(sampleAlert({ id: `r${i}` }), 0);
    expect(h.sent).toHaveLength(2);
    expect(h.records.get('r2.1.s1')).toMatchObject({ status: 'retrying', attempts: 0 });
    for (let i = 0; i < 300 && h.sent.length < 3; i++) await sleep(10);
    expect(h.sent).toHaveLength(3);
    expect(h.records.get('r2.1.s1')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('threads an update under the revision the subscriber received', async () => {
    const h = harness({ smtp: () => undefined, subs: [sub('s1', 'x@example.org')] });
    const a = sampleAlert({ id: 'th' });
    await h.d.handleAlert({ ...a, revision: 2, kind: 'update' }, 0);
    expect(h.sent[0].inReplyTo).toBeUndefined(); // never got revision 1: a new alarm for them
    await h.d.handleAlert(a, 0);
    await h.d.handleAlert({ ...a, revision: 3, kind: 'update' }, 0);
    expect(h.sent[2].inReplyTo).toBe('<th.1.s1@watchfire.test>');
    expect(h.sent[2].subject.startsWith('Re: ')).toBe(true);
  });
});
