import { describe, expect, it } from 'vitest';
import { MetricsRegistry, parseConfig } from '@watchfire/common';
import { TOPICS, type Delivery, type SubscriptionRecord } from '@watchfire/contracts';
import type { RenderedEmail } from '@watchfire/notify';
import { sampleAlert } from '@watchfire/notify/testing';
import { DigestService } from './digest.service';
import { LinksService } from './links.service';
import { resolveNotifierOptions } from './notifier-options';
import { OwnershipService } from './ownership.service';
import type { DeadLetters, DeliveryLedger, MailTransport, SubscriptionLookup } from './ports';
import type { FailedMessage } from '@watchfire/kafka';
import { MemoryTables, RecordingWriter } from '@watchfire/kafka/testing';

function harness(smtp: (m: RenderedEmail) => void | Error = () => undefined) {
  let clock = Date.parse('2021-07-09T10:15:00Z');
  const tables = new MemoryTables();
  const publisher = new RecordingWriter();
  const published = publisher.sent;
  const records = new Map<string, Delivery>();
  const ledger: DeliveryLedger = {
    get: (id: string) => records.get(id),
    write: async (r: Delivery) => void records.set(r.id, r),
    onChange: () => undefined,
    entries: () => records.entries(),
  };
  const sub: SubscriptionRecord = {
    id: 's1',
    email: 'd@example.org',
    delivery: 'daily',
    timezone: 'Asia/Kabul',
    status: 'active',
    version: 1,
    createdAt: '2021-01-01T00:00:00Z',
    updatedAt: '2021-01-01T00:00:00Z',
  };
  const subs = new Map([[sub.id, sub]]);
  const sent: RenderedEmail[] = [];
  const mailer: MailTransport = {
    messageIdDomain: 'watchfire.test',
    send: async (m: RenderedEmail) => {
      const e = smtp(m);
      if (e) throw e;
      sent.push(m);
      return 'ok';
    },
  };
  const dead: FailedMessage[] = [];
  const subscriptions: SubscriptionLookup = {
    match: () => [...subs.values()],
    find: (id: string) => subs.get(id),
  };
  const dlq: DeadLetters = { send: async (f) => void dead.push(f) };
  const ownership = new OwnershipService();
  ownership.set({ [TOPICS.alerts]: [0, 1, 2] });
  const config = parseConfig({ OPERATOR_TOKEN: 'unit-test-operator-token-01234' });
  const options = resolveNotifierOptions({
    digestGraceMs: 0,
    now: () => clock,
    retry: { baseMs: 1, capMs: 1, retryForMs: 1 },
  });
  const svc = new DigestService(
    tables,
    publisher,
    ledger,
    subscriptions,
    mailer,
    new LinksService(config, mailer),
    ownership,
    dlq,
    new MetricsRegistry(),
    options,
  );
  return {
    svc,
    digests: svc.table,
    records,
    sent,
    sub,
    subs,
    dead,
    published,
    advance: (ms: number) => (clock += ms),
  };
}

describe('DigestService', () => {
  it('collects alerts and sends one mail per period when it is due', async () => {
    const h = harness();
    const a1 = sampleAlert({ id: 'a1', severity: 'medium' });
    const a2 = sampleAlert({ id: 'a2', severity: 'critical' });
    const id = await h.svc.enqueue(a1, h.sub);
    await h.svc.enqueue(a2, h.sub);
    await h.svc.enqueue(a1, h.sub); // redelivery: nothing new
    expect(h.digests.size).toBe(2);
    expect(id).toBe('digest.s1.2021-07-08T19:30:00.000Z');
    await h.svc.tick();
    expect(h.sent).toHaveLength(0); // not due before the Kabul day ends
    h.advance(10 * 3_600_000);
    await h.svc.tick();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0].subject).toMatch(/^\[CRITICAL\] Watchfire daily digest — 2 alerts/);
    expect(h.records.get(id)).toMatchObject({ status: 'sent', mode: 'digest', attempts: 1 });
    expect(h.records.get('a1.1.s1')).toMatchObject({ status: 'sent', mode: 'digest', digestId: id });
    expect(h.digests.size).toBe(0);
    expect(h.published.filter((p) => p.topic === TOPICS.digests && p.value === null)).toHaveLength(2);
    await h.svc.tick();
    expect(h.sent).toHaveLength(1);
  });

  it('a digest already sent before a crash is cleaned up, not sent again', async () => {
    const h = harness();
    const id = await h.svc.enqueue(sampleAlert({ id: 'a1' }), h.sub);
    h.records.set(id, {
      id,
      alertId: 'digest',
      alertRevision: 1,
      subscriptionId: 's1',
      email: 'd@example.org',
      mode: 'digest',
      status: 'sent',
      attempts: 1,
      at: '2021-07-09T20:00:00Z',
    });
    h.advance(86_400_000);
    await h.svc.tick();
    expect(h.sent).toHaveLength(0);
    expect(h.digests.size).toBe(0);
  });

  it('unsubscribed before the period ends: nothing is sent', async () => {
    const h = harness();
    await h.svc.enqueue(sampleAlert({ id: 'a1' }), h.sub);
    h.subs.set('s1', { ...h.sub, status: 'unsubscribed' });
    h.advance(86_400_000);
    await h.svc.tick();
    expect(h.sent).toHaveLength(0);
    expect(h.records.get('a1.1.s1')).toMatchObject({ status: 'suppressed' });
  });

  it('a permanent refusal fails the digest once and dead-letters it', async () => {
    const h = harness(() => Object.assign(new Error('550 no'), { responseCode: 550 }));
    const id = await h.svc.enqueue(sampleAlert({ id: 'a1' }), h.sub);
    h.advance(86_400_000);
    await h.svc.tick();
    await h.svc.tick();
    expect(h.records.get(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(h.dead).toHaveLength(1);
    expect(h.digests.size).toBe(0);
  });
});
