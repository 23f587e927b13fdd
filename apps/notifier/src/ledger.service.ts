import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type Delivery } from '@watchfire/contracts';
import { MetricsRegistry } from '@watchfire/common';
import { type CompactedTable, KafkaFactory, KafkaPublisher } from '@watchfire/kafka';
import { NOTIFIER_OPTIONS, type NotifierOptions } from './notifier-options';
import { OwnershipService } from './ownership.service';

export const deliveryId = (alertId: string, revision: number, subscriptionId: string) =>
  `${alertId}.${revision}.${subscriptionId}`;

/** Statuses after which a delivery is not attempted again (unless an operator re-drives a failed one). */
export const FINAL = new Set<Delivery['status']>(['sent', 'failed', 'suppressed', 'queued']);

type Listener = (record: Delivery | null, id: string) => void;

/** How often the retention sweep runs. */
const SWEEP_EVERY_MS = 3_600_000;

/** The ids of delivery records last written before `now - retentionMs`. */
export function expiredDeliveries(
  records: Iterable<[string, Delivery]>,
  now: number,
  retentionMs: number,
): string[] {
  const before = now - retentionMs;
  const out: string[] = [];
  for (const [id, d] of records) if (Date.parse(d.at) < before) out.push(id);
  return out;
}

/**
 * The delivery ledger: watchfire.deliveries.v1 materialised in memory (consulted before every
 * send), with lookups by alert and by address for GET /deliveries. Writes are micro-batched: every
 * record written in the same tick goes out in one acknowledged produce, and each caller's promise
 * resolves when its record is durable.
 */
@Injectable()
export class LedgerService implements OnModuleInit, OnApplicationShutdown {
  readonly table: CompactedTable<typeof TOPICS.deliveries>;
  private readonly byAlert = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly listeners: Listener[] = [];
  /** The latest record this process wrote per id (bounded), see get(). */
  private readonly local = new Map<string, Delivery>();
  private pending: { record: Delivery; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private closing = false;
  private readonly logger = new Logger('ledger');

  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    factory: KafkaFactory,
    private readonly publisher: KafkaPublisher,
    private readonly metrics: MetricsRegistry,
    private readonly ownership: OwnershipService,
    @Inject(NOTIFIER_OPTIONS) private readonly options: Pick<NotifierOptions, 'ledgerRetentionMs' | 'now'>,
  ) {
    this.table = factory.table(TOPICS.deliveries, (id, value, prev) => {
      if (prev) {
        this.unindex(this.byAlert, prev.alertId, id);
        this.unindex(this.byEmail, prev.email.toLowerCase(), id);
      }
      if (value) {
        this.indexAdd(this.byAlert, value.alertId, id);
        this.indexAdd(this.byEmail, value.email.toLowerCase(), id);
      }
      for (const l of this.listeners) l(value, id);
    });
    metrics.collect(
      'watchfire_notifier_ledger_records',
      'Delivery ledger records held in memory',
      'gauge',
      () => [{ value: this.table.size }],
    );
  }

  async onModuleInit(): Promise<void> {
    await this.table.start();
    this.sweepTimer = setInterval(
      () =>
        void this.sweep().catch((e: Error) =>
          this.logger.warn(`ledger retention sweep failed: ${e.message}`),
        ),
      SWEEP_EVERY_MS,
    );
    this.sweepTimer.unref();
  }
  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.closing = true;
    await this.flushing;
    await this.table.stop();
  }

  onChange(l: Listener): void {
    this.listeners.push(l);
  }

  /**
   * The current record. The table applies our own writes at once and then again when they come
   * back from the topic; an echo of an older write of ours must not hide a newer one (a
   * 'retrying' echo arriving after 'sent' would send again), so a final record wins over a
   * non-final one and otherwise the later one does.
   */
  entries(): IterableIterator<[string, Delivery]> {
    return this.table.entries();
  }

  get(id: string): Delivery | undefined {
    const t = this.table.get(id);
    const l = this.local.get(id);
    if (!l || !t) return t ?? l;
    // An operator's re-drive is the one deliberate way from final (failed) back to retrying.
    if (l.redrivenAt && t.status === 'failed' && l.redrivenAt >= t.at) return l;
    if (FINAL.has(l.status) !== FINAL.has(t.status)) return FINAL.has(l.status) ? l : t;
    return l.at > t.at ? l : t;
  }

  /**
   * Retention: removes delivery records older than NOTIFIER_LEDGER_RETENTION_DAYS with tombstones,
   * so the ledger (in memory on every instance, and in the compacted topic) stops growing without
   * bound. Run by the owner of alert partition 0 only, hourly. The retention must exceed that of
   * the alerts topic: an alert still readable must find its deliveries. Returns the count removed.
   */
  async sweep(now = this.options.now()): Promise<number> {
    if (!this.ownership.ownsPartition(0)) return 0;
    const ids = expiredDeliveries(this.table.entries(), now, this.options.ledgerRetentionMs);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await this.publisher.publish(
        TOPICS.deliveries,
        chunk.map((id) => ({ key: id, value: null })),
      );
      for (const id of chunk) {
        this.table.applyLocal(id, null);
        this.local.delete(id);
      }
    }
    if (ids.length) {
      this.metrics.inc(
        'watchfire_notifier_ledger_expired_total',
        'Delivery records removed by retention',
        {},
        ids.length,
      );
      this.logger.log(
        `retention: removed ${ids.length} delivery records older than ${Math.round(this.options.ledgerRetentionMs / 86_400_000)} days`,
      );
    }
    return ids.length;
  }

  /** Makes the record durable in Kafka (and visible locally at once). */
  write(record: Delivery): Promise<void> {
    this.local.delete(record.id);
    this.local.set(record.id, record);
    if (this.local.size > 200_000) this.local.delete(this.local.keys().next().value!);
    this.table.applyLocal(record.id, record);
    this.metrics.inc('watchfire_notifier_deliveries_total', 'Delivery ledger records written by status', {
      status: record.status,
      mode: record.mode,
    });
    return new Promise((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  /**
   * A record already applied locally must reach Kafka: the instance acts on it (never sends that
   * delivery again), so on a failed produce the batch is retried rather than dropped, and the
   * writers — and with them the alert's offset commit — wait.
   */
  private async flush(): Promise<void> {
    let failures = 0;
    while (this.pending.length) {
      const batch = this.pending.splice(0, 500);
      try {
        await this.publisher.publish(
          TOPICS.deliveries,
          batch.map((p) => ({ key: p.record.id, value: p.record })),
        );
        for (const p of batch) p.resolve();
        failures = 0;
      } catch (e) {
        failures++;
        if (this.closing || failures > 50) {
          for (const p of batch) p.reject(e);
          continue;
        }
        this.logger.warn(
          `ledger write of ${batch.length} records failed (${(e as Error).message}); retrying`,
        );
        this.pending.unshift(...batch);
        await new Promise((r) => setTimeout(r, Math.min(200 * failures, 5_000)));
      }
    }
    this.flushing = null;
  }

  query(q: { alertId?: string; email?: string; status?: string; limit: number }): Delivery[] {
    let ids: Iterable<string>;
    if (q.alertId && q.email) {
      const a = this.byAlert.get(q.alertId) ?? new Set<string>();
      const e = this.byEmail.get(q.email.toLowerCase()) ?? new Set<string>();
      ids = [...a].filter((id) => e.has(id));
    } else if (q.alertId) ids = this.byAlert.get(q.alertId) ?? [];
    else if (q.email) ids = this.byEmail.get(q.email.toLowerCase()) ?? [];
    else ids = [...this.table.entries()].map(([id]) => id);
    const out: Delivery[] = [];
    for (const id of ids) {
      const d = this.table.get(id);
      if (d && (!q.status || d.status === q.status)) out.push(d);
    }
    return out.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id)).slice(0, q.limit);
  }

  private indexAdd(map: Map<string, Set<string>>, key: string, id: string): void {
    let s = map.get(key);
    if (!s) map.set(key, (s = new Set()));
    s.add(id);
  }
  private unindex(map: Map<string, Set<string>>, key: string, id: string): void {
    const s = map.get(key);
    if (s) {
      s.delete(id);
      if (!s.size) map.delete(key);
    }
  }
}
