import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type Alert, type Delivery, type SubscriptionRecord } from '@watchfire/contracts';
import { MetricsRegistry } from '@watchfire/common';
import { type Table, TableSource, TopicWriter } from '@watchfire/kafka';
import {
  assembleDigests,
  decideRetry,
  describeAttempts,
  digestEntryFor,
  digestEntryKey,
  digestId,
  digestPeriodFor,
  isDigestDue,
  renderDigestEmail,
  type AssembledDigest,
} from '@watchfire/notify';
import { deliveryId } from './ledger.service';
import { LinksService } from './links.service';
import { NOTIFIER_OPTIONS, type NotifierOptions } from './notifier-options';
import { OwnershipService } from './ownership.service';
import { DeadLetters, DeliveryLedger, MailTransport, SubscriptionLookup } from './ports';

/**
 * Hourly and daily digests. Matched alerts become entries in watchfire.digests.v1 (one per
 * subscriber, period and alert); when a period has ended, the instance that owns the subscriber
 * sends one mail with all of them, records it in the ledger and tombstones the entries. The
 * pending digest is in Kafka, so it survives restarts and moves with ownership.
 */
@Injectable()
export class DigestService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('digests');
  readonly table: Table<typeof TOPICS.digests>;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  /** Digests whose last attempt failed transiently: not before this time. */
  private readonly notBefore = new Map<string, number>();

  constructor(
    tables: TableSource,
    private readonly publisher: TopicWriter,
    private readonly ledger: DeliveryLedger,
    private readonly subscriptions: SubscriptionLookup,
    private readonly mailer: MailTransport,
    private readonly links: LinksService,
    private readonly ownership: OwnershipService,
    private readonly dlq: DeadLetters,
    private readonly metrics: MetricsRegistry,
    @Inject(NOTIFIER_OPTIONS) private readonly opts: NotifierOptions,
  ) {
    this.table = tables.table(TOPICS.digests);
    metrics.collect('watchfire_notifier_digest_entries', 'Alerts waiting in pending digests', 'gauge', () => [
      { value: this.table.size },
    ]);
  }

  async onModuleInit(): Promise<void> {
    await this.table.start();
    this.timer = setInterval(() => void this.tick(), this.opts.digestTickMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    await this.table.stop();
  }

  /** Adds the alert to the subscriber's pending digest; returns the digest's id. */
  async enqueue(alert: Alert, sub: SubscriptionRecord): Promise<string> {
    const t = this.opts.now();
    const period = digestPeriodFor(sub.delivery === 'daily' ? 'daily' : 'hourly', t, sub.timezone);
    const key = digestEntryKey(sub.id, period.start, alert.id);
    const entry = digestEntryFor(this.table.get(key), alert, sub, period, t);
    if (entry) {
      await this.publisher.publishOne(TOPICS.digests, key, entry);
      this.table.applyLocal(key, entry);
    }
    return digestId(sub.id, period.start);
  }

  /** Sends every due digest this instance owns. Public for tests (which do not wait for the timer). */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.sendDue()
      .catch((e: Error) => this.logger.error(`digest tick: ${e.message}`))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async sendDue(): Promise<void> {
    if (!this.ownership.any) return;
    const t = this.opts.now();
    const due = [...this.table.values()].filter(
      (e) => isDigestDue(e, t, this.opts.digestGraceMs) && this.ownership.ownsSubscription(e.subscriptionId),
    );
    for (const d of assembleDigests(due)) {
      if ((this.notBefore.get(d.id) ?? 0) > Date.now()) continue;
      await this.send(d);
    }
  }

  // Just over 100 lines: one digest's whole ledger story (claim, render, send, record, dead-letter)
  // in order, so every ledger write is read next to the state it follows from.
  private async send(d: AssembledDigest): Promise<void> {
    const previous = this.ledger.get(d.id);
    const sub = this.subscriptions.find(d.subscriptionId);
    const base = {
      id: d.id,
      alertId: 'digest',
      alertRevision: 1,
      subscriptionId: d.subscriptionId,
      email: sub?.email ?? previous?.email ?? 'unknown',
      mode: 'digest' as const,
    };
    const alertIds = d.all.map((e) => deliveryId(e.alertId, e.revision, e.subscriptionId));
    if (
      previous &&
      (previous.status === 'sent' || previous.status === 'failed' || previous.status === 'suppressed')
    ) {
      // Sent (or given up) before a crash cut the clean-up short: finish it, send nothing.
      await this.finish(
        { ...d, email: base.email },
        previous.status,
        previous.messageId,
        previous.status === 'sent' ? undefined : previous.error,
      );
      return;
    }
    if (!sub || sub.status !== 'active') {
      const error = `subscription ${sub ? sub.status : 'deleted'} before the digest was due`;
      await this.ledger.write({
        ...base,
        status: 'suppressed',
        attempts: previous?.attempts ?? 0,
        error,
        alertIds,
        at: new Date().toISOString(),
      });
      await this.finish({ ...d, email: base.email }, 'suppressed', undefined, error);
      return;
    }
    const mail = renderDigestEmail(
      {
        period: d.period,
        periodStart: d.periodStart,
        periodEnd: d.periodEnd,
        alerts: d.entries.map((e) => e.alert),
        dropped: d.dropped,
      },
      sub,
      this.links.context(sub),
    );
    const attempts = (previous?.attempts ?? 0) + 1;
    try {
      await this.mailer.send(mail);
    } catch (e) {
      const at = Date.now();
      const firstFailedAt = previous?.firstFailedAt ? Date.parse(previous.firstFailedAt) : at;
      const r = decideRetry({ attempts, firstFailedAt, now: at }, e, this.opts.retry);
      if (r.action === 'retry') {
        this.notBefore.set(d.id, at + r.delayMs);
        await this.ledger.write({
          ...base,
          status: 'retrying',
          attempts,
          messageId: mail.messageId,
          error: `${r.failure.reason}: ${r.failure.message}`.slice(0, 2_000),
          nextAttemptAt: new Date(at + r.delayMs).toISOString(),
          firstFailedAt: new Date(firstFailedAt).toISOString(),
          alertIds,
          at: new Date(at).toISOString(),
        });
        return;
      }
      const error =
        `${r.reason} after ${describeAttempts(attempts, at - firstFailedAt)}: ${r.failure.message}`.slice(
          0,
          2_000,
        );
      const failed: Delivery = {
        ...base,
        status: 'failed',
        attempts,
        messageId: mail.messageId,
        error,
        alertIds,
        at: new Date(at).toISOString(),
      };
      await this.ledger.write(failed);
      await this.dlq.send({
        topic: TOPICS.digests,
        key: d.id,
        value: JSON.stringify(failed),
        reason: r.reason,
        error,
      });
      await this.finish({ ...d, email: base.email }, 'failed', mail.messageId, error);
      return;
    }
    await this.ledger.write({
      ...base,
      status: 'sent',
      attempts,
      messageId: mail.messageId,
      alertIds,
      at: new Date().toISOString(),
    });
    this.metrics.inc('watchfire_notifier_digests_sent_total', 'Digest mails sent', { period: d.period });
    await this.finish({ ...d, email: base.email }, 'sent', mail.messageId);
  }

  /** Per-alert ledger records follow the digest's outcome; then the entries are tombstoned. */
  private async finish(
    d: AssembledDigest & { email?: string },
    status: 'sent' | 'failed' | 'suppressed',
    messageId?: string,
    error?: string,
  ): Promise<void> {
    const at = new Date().toISOString();
    const writes: Promise<void>[] = [];
    for (const e of d.all) {
      // This revision, and earlier ones it replaced in the digest while they were queued.
      for (let r = e.revision; r >= 1; r--) {
        const id = deliveryId(e.alertId, r, e.subscriptionId);
        const cur = this.ledger.get(id);
        if (r < e.revision && cur?.status !== 'queued') continue;
        if (cur && cur.status !== 'queued') continue;
        const rec: Delivery = {
          id,
          alertId: e.alertId,
          alertRevision: r,
          subscriptionId: e.subscriptionId,
          email: cur?.email ?? d.email ?? 'unknown',
          mode: 'digest',
          status,
          attempts: cur?.attempts ?? 0,
          digestId: d.id,
          at,
          ...(messageId ? { messageId } : {}),
          ...(error ? { error } : {}),
        };
        writes.push(this.ledger.write(rec));
      }
    }
    await Promise.all(writes);
    await this.publisher.publish(
      TOPICS.digests,
      d.all.map((e) => ({ key: e.id, value: null })),
    );
    for (const e of d.all) this.table.applyLocal(e.id, null);
    this.notBefore.delete(d.id);
  }
}
