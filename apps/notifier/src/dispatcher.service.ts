import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type Alert, type Delivery, type SubscriptionRecord } from '@watchfire/contracts';
import { ApiError, debugEnabled, MetricsRegistry, TokenBucketLimiter } from '@watchfire/common';
import { decideRetry, describeAttempts, renderAlertEmail } from '@watchfire/notify';
import { deliveryId } from './ledger.service';
import { LinksService } from './links.service';
import { NOTIFIER_OPTIONS, type NotifierOptions } from './notifier-options';
import { OwnershipService } from './ownership.service';
import { DeadLetters, DeliveryLedger, DigestQueue, MailTransport, SubscriptionLookup } from './ports';

/** Runs fn over items with at most `limit` in flight; rejects with the first error after all settle. */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  // what fn rejects with is an Error (the mailer and the ledger throw nothing else)
  let firstError: Error | undefined;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        firstError ??= e as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError !== undefined) throw firstError;
}

const strip = ({
  alert: _a,
  nextAttemptAt: _n,
  alertPartition: _p,
  firstFailedAt: _f,
  ...rest
}: Delivery): Delivery => rest;

/** What a re-drive of many failed deliveries did. */
export interface RedriveResult {
  redriven: string[];
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * alerts -> mails. For each (alert revision, subscriber) the ledger is consulted first and every
 * outcome is recorded there before the alert's offset may be committed, so a redelivery (crash,
 * rebalance) sends nothing twice. A transient SMTP failure is recorded as `retrying` (with the
 * alert) and retried later by the owner of the alert's partition — the fan-out to everyone else
 * goes on — for the retry budget (NOTIFIER_RETRY_FOR). A permanent failure, or a budget spent, is
 * recorded once as `failed` (keeping the alert) and dead-lettered; an operator may re-drive it.
 */
@Injectable()
export class DispatcherService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('dispatcher');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inflight = new Set<string>();
  private readonly limiter: TokenBucketLimiter;
  private closed = false;

  constructor(
    @Inject(NOTIFIER_OPTIONS) private readonly opts: NotifierOptions,
    private readonly subscriptions: SubscriptionLookup,
    private readonly ledger: DeliveryLedger,
    private readonly mailer: MailTransport,
    private readonly digests: DigestQueue,
    private readonly links: LinksService,
    private readonly ownership: OwnershipService,
    private readonly dlq: DeadLetters,
    private readonly metrics: MetricsRegistry,
  ) {
    this.limiter = new TokenBucketLimiter({
      capacity: opts.recipientBurst,
      refillPerSecond: opts.recipientPerHour / 3600,
    });
    metrics.collect(
      'watchfire_notifier_retries_pending',
      'Deliveries waiting for their next attempt on this instance',
      'gauge',
      () => [{ value: this.timers.size }],
    );
  }

  onModuleInit(): void {
    this.ledger.onChange((_, id) => this.reschedule(id));
    this.ownership.onChange(() => this.rescheduleAll());
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Time-to-mail for an immediate delivery the SMTP server accepted (digests wait by design). */
  private observeMail(alert: Alert, deliveryId: string): void {
    const t = Date.now();
    const fromAlert = MetricsRegistry.secondsSince(alert.createdAt, t);
    if (fromAlert !== undefined)
      this.metrics.observe(
        'watchfire_alert_to_mail_seconds',
        'From an alert revision being created to its mail being accepted by SMTP (immediate deliveries)',
        fromAlert,
      );
    const fromReport = MetricsRegistry.secondsSince(alert.event.reportReceivedAt, t);
    if (fromReport !== undefined)
      this.metrics.observe(
        'watchfire_report_to_mail_seconds',
        'End to end: from ingestion accepting a report to the alert mail being accepted by SMTP',
        fromReport,
      );
    if (!debugEnabled()) return;
    this.logger.debug({
      msg: `${deliveryId}: accepted by SMTP`,
      deliveryId,
      alertId: alert.id,
      revision: alert.revision,
      eventId: alert.event.id,
      reportId: alert.event.reportId,
    });
  }

  /** The alert handler: resolves when every matched subscriber's outcome is in the ledger. */
  async handleAlert(alert: Alert, partition: number): Promise<void> {
    const subs = this.subscriptions.match(alert);
    this.metrics.inc('watchfire_notifier_alerts_total', 'Alerts consumed', {
      silenced: String(alert.silenced),
    });
    this.metrics.inc(
      'watchfire_notifier_matches_total',
      'Subscriber matches of consumed alerts',
      {},
      subs.length,
    );
    // Ledger writes are issued as soon as each outcome is known (visible locally at once) but
    // awaited together: a sender moves on to the next subscriber while Kafka acknowledges, and the
    // handler — hence the offset commit — still waits for every one of them.
    const acks: Promise<void>[] = [];
    try {
      await mapLimit(subs, this.opts.sendConcurrency, (sub) => this.first(alert, sub, partition, acks));
    } finally {
      await Promise.all(acks);
    }
  }

  private async first(
    alert: Alert,
    sub: SubscriptionRecord,
    partition: number,
    acks: Promise<void>[],
  ): Promise<void> {
    const id = deliveryId(alert.id, alert.revision, sub.id);
    // Any record means someone already dealt with it: final, or retrying under its owner.
    if (this.ledger.get(id) || this.inflight.has(id)) return;
    const base = {
      id,
      alertId: alert.id,
      alertRevision: alert.revision,
      subscriptionId: sub.id,
      email: sub.email,
    };
    if (alert.silenced) {
      await this.ledger.write({
        ...base,
        mode: sub.delivery === 'immediate' ? 'immediate' : 'digest',
        status: 'suppressed',
        attempts: 0,
        error: `silenced${alert.silenceIds?.length ? ` by ${alert.silenceIds.join(', ')}` : ''}`,
        at: now(),
      });
      return;
    }
    if (sub.delivery !== 'immediate') {
      const digestId = await this.digests.enqueue(alert, sub);
      await this.ledger.write({
        ...base,
        mode: 'digest',
        status: 'queued',
        attempts: 0,
        digestId,
        at: now(),
      });
      return;
    }
    await this.attempt(alert, sub, undefined, partition, acks);
  }

  /**
   * One SMTP attempt (or a deferral by the rate limit) and its outcome in the ledger; `prev` is the
   * delivery's `retrying` record, if any. With `acks`, the ledger write of a successful send is
   * collected there instead of awaited.
   * Just over 100 lines: the outcomes (deferred, sent, retrying, failed) side by side, each with its
   * ledger write, read best in one place.
   */
  private async attempt(
    alert: Alert,
    sub: SubscriptionRecord,
    prev: Delivery | undefined,
    partition: number,
    acks?: Promise<void>[],
  ): Promise<void> {
    const id = deliveryId(alert.id, alert.revision, sub.id);
    if (this.inflight.has(id)) return;
    this.inflight.add(id);
    try {
      const base = {
        id,
        alertId: alert.id,
        alertRevision: alert.revision,
        subscriptionId: sub.id,
        email: sub.email,
        mode: 'immediate' as const,
        ...(prev?.redrivenBy ? { redrivenBy: prev.redrivenBy, redrivenAt: prev.redrivenAt } : {}),
      };
      const previousAttempts = prev?.attempts ?? 0;
      const t = Date.now();
      const rl = this.limiter.take(sub.email.toLowerCase(), t);
      if (!rl.allowed) {
        this.metrics.inc(
          'watchfire_notifier_rate_limited_total',
          'Mails deferred by the per-recipient rate limit',
        );
        const wait = rl.retryAfterMs + Math.floor(Math.random() * 1_000);
        await this.ledger.write({
          ...base,
          status: 'retrying',
          attempts: previousAttempts,
          error: 'rate_limited: deferred by the per-recipient limit',
          at: iso(t),
          nextAttemptAt: iso(t + wait),
          ...(prev?.firstFailedAt ? { firstFailedAt: prev.firstFailedAt } : {}),
          alertPartition: partition,
          alert,
        });
        return;
      }
      const mail = renderAlertEmail(alert, sub, this.links.context(sub), {
        followUp: this.threadStarted(alert, sub),
      });
      const attempts = previousAttempts + 1;
      try {
        await this.mailer.send(mail);
        this.observeMail(alert, id);
      } catch (e) {
        const at = Date.now();
        const firstFailedAt = prev?.firstFailedAt ? Date.parse(prev.firstFailedAt) : at;
        const d = decideRetry({ attempts, firstFailedAt, now: at }, e, this.opts.retry);
        if (d.action === 'retry') {
          this.logger.warn(
            `${id}: attempt ${attempts} failed (${d.failure.reason}: ${d.failure.message.slice(0, 200)}); retry in ${d.delayMs} ms`,
          );
          await this.ledger.write({
            ...base,
            status: 'retrying',
            attempts,
            messageId: mail.messageId,
            error: `${d.failure.reason}: ${d.failure.message}`.slice(0, 2_000),
            at: iso(at),
            nextAttemptAt: iso(at + d.delayMs),
            firstFailedAt: iso(firstFailedAt),
            alertPartition: partition,
            alert,
          });
          return;
        }
        const error =
          `${d.reason} after ${describeAttempts(attempts, at - firstFailedAt)}: ${d.failure.message}`.slice(
            0,
            2_000,
          );
        // The alert stays on the record so that an operator can re-drive the delivery.
        const failed: Delivery = {
          ...base,
          status: 'failed',
          attempts,
          messageId: mail.messageId,
          error,
          at: now(),
          firstFailedAt: iso(firstFailedAt),
          alertPartition: partition,
          alert,
        };
        this.logger.warn(`${id} -> ${sub.email}: ${error.slice(0, 300)}`);
        await this.ledger.write(failed);
        await this.dlq.send({
          topic: TOPICS.alerts,
          partition,
          key: id,
          value: JSON.stringify(strip(failed)),
          reason: d.reason,
          error,
        });
        return;
      }
      const written = this.ledger.write({
        ...base,
        status: 'sent',
        attempts,
        messageId: mail.messageId,
        at: now(),
      });
      if (acks) acks.push(written);
      else await written;
    } finally {
      this.inflight.delete(id);
    }
  }

  /** Whether this subscriber got an earlier revision of the alert by itself (then this one is a follow-up). */
  private threadStarted(alert: Alert, sub: SubscriptionRecord): boolean {
    if (alert.kind !== 'update') return false;
    for (let r = 1; r < alert.revision; r++) {
      const d = this.ledger.get(deliveryId(alert.id, r, sub.id));
      if (d?.status === 'sent' && d.mode === 'immediate') return true;
    }
    return false;
  }

  // ---- retries: timers for the `retrying` records of the partitions this instance owns ----

  private reschedule(id: string): void {
    if (this.closed) return;
    const rec = this.ledger.get(id);
    const existing = this.timers.get(id);
    if (
      !rec ||
      rec.status !== 'retrying' ||
      !rec.nextAttemptAt ||
      !this.ownership.ownsPartition(rec.alertPartition)
    ) {
      if (existing) {
        clearTimeout(existing);
        this.timers.delete(id);
      }
      return;
    }
    if (existing) clearTimeout(existing);
    const delay = Math.max(0, Math.min(Date.parse(rec.nextAttemptAt) - Date.now(), 2 ** 31 - 1));
    this.timers.set(
      id,
      setTimeout(
        () => void this.fire(id).catch((e: Error) => this.logger.error(`retry of ${id}: ${e.message}`)),
        delay,
      ),
    );
  }

  private rescheduleAll(): void {
    for (const id of [...this.timers.keys()]) this.reschedule(id);
    for (const [id, rec] of this.ledger.entries()) if (rec.status === 'retrying') this.reschedule(id);
  }

  private async fire(id: string): Promise<void> {
    this.timers.delete(id);
    const rec = this.ledger.get(id);
    if (
      this.closed ||
      !rec ||
      rec.status !== 'retrying' ||
      !rec.alert ||
      !this.ownership.ownsPartition(rec.alertPartition)
    )
      return;
    const sub = this.subscriptions.find(rec.subscriptionId);
    if (!sub || sub.status !== 'active') {
      await this.ledger.write({
        ...strip(rec),
        status: 'suppressed',
        error: `subscription ${sub ? sub.status : 'deleted'} before the retry`,
        at: now(),
      });
      return;
    }
    await this.attempt(rec.alert, sub, rec, rec.alertPartition!);
  }

  // ---- re-drive: an operator sends a failed delivery again ----

  /**
   * Puts a failed delivery back to `retrying`, due now, with a fresh retry budget; the owner of
   * its alert partition sends it (whichever instance took the request). Only `failed` deliveries
   * qualify — a sent one is never sent again — and the re-drive is recorded on the delivery.
   */
  async redrive(id: string, by: string): Promise<Delivery> {
    const rec = this.ledger.get(id);
    if (!rec) throw ApiError.notFound(`delivery ${id.slice(0, 400)}`);
    const why = this.cannotRedrive(rec);
    if (why) throw ApiError.conflict(why, { id, status: rec.status });
    const t = Date.now();
    // a fresh budget: firstFailedAt is dropped and set again by the next failure, if any
    const { firstFailedAt: _f, ...kept } = rec;
    const next: Delivery = {
      ...kept,
      status: 'retrying',
      at: iso(t),
      nextAttemptAt: iso(t),
      redrivenBy: by,
      redrivenAt: iso(t),
      error: `re-driven by ${by}; before: ${rec.error ?? 'failed'}`.slice(0, 2_000),
    };
    this.metrics.inc('watchfire_notifier_redrives_total', 'Failed deliveries re-driven by an operator');
    this.logger.log(`${id}: re-driven by ${by}`);
    await this.ledger.write(next);
    const { alert: _a, ...shown } = next;
    return shown;
  }

  /** Re-drives each of these failed deliveries (the ledger's query picks them). */
  async redriveMany(failed: readonly Delivery[], by: string): Promise<RedriveResult> {
    const out: RedriveResult = { redriven: [], skipped: [] };
    for (const rec of failed) {
      const why = this.cannotRedrive(rec);
      if (why) out.skipped.push({ id: rec.id, reason: why });
      else {
        await this.redrive(rec.id, by);
        out.redriven.push(rec.id);
      }
    }
    return out;
  }

  private cannotRedrive(rec: Delivery): string | null {
    if (rec.status !== 'failed')
      return `delivery ${rec.id} is ${rec.status}; only failed deliveries can be re-driven`;
    if (rec.mode !== 'immediate' || !rec.alert)
      return `delivery ${rec.id} keeps no alert to send again (a digest, or failed before re-drives existed)`;
    return null;
  }

  /** For tests and /metrics: retries waiting on this instance. */
  get pendingRetries(): number {
    return this.timers.size;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const now = () => new Date().toISOString();
