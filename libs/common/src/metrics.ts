import { Injectable, type OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';

type Labels = Record<string, string>;
type Row = { labels?: Labels; value: number };

/**
 * Buckets for the pipeline latencies (report -> event -> alert -> mail): from a few milliseconds on
 * an idle machine to the minutes a retried SMTP delivery can take.
 */
export const PIPELINE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Buckets for HTTP request durations (prom-client's defaults, which suit a JSON API). */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One service's Prometheus registry, on prom-client. Instruments are created on first use, by
 * name, with the label names of that first use: callers stay one line (`inc(name, help, labels)`)
 * and prom-client checks every later use against those labels. Each Nest app has its own
 * registry, so `npm start` (three services in one process) still serves three separate /metrics.
 */
@Injectable()
export class MetricsRegistry implements OnModuleInit {
  readonly registry = new Registry();
  private readonly instruments = new Map<string, Metric>();
  private defaults = false;

  /** Process and Node.js metrics (CPU, memory, event loop lag, GC, handles) — once per registry. */
  onModuleInit(): void {
    if (this.defaults) return;
    this.defaults = true;
    collectDefaultMetrics({ register: this.registry });
  }

  private instrument<M extends Metric>(name: string, make: () => M): M {
    let m = this.instruments.get(name) as M | undefined;
    if (!m) this.instruments.set(name, (m = make()));
    return m;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.instrument(name, () => new Counter({ name, help, labelNames, registers: [this.registry] }));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.instrument(name, () => new Gauge({ name, help, labelNames, registers: [this.registry] }));
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: number[] = PIPELINE_BUCKETS,
  ): Histogram {
    return this.instrument(
      name,
      () => new Histogram({ name, help, labelNames, buckets, registers: [this.registry] }),
    );
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const counter = this.counter(name, help, Object.keys(labels));
    // prom-client would render NaN as "Nan", which Prometheus rejects: a bad count is dropped.
    if (Number.isFinite(by) && by >= 0) counter.inc(labels, by);
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.gauge(name, help, Object.keys(labels)).set(labels, value);
  }

  /** Records a duration in seconds; negative values (clock skew between hosts) count as 0. */
  observe(name: string, help: string, seconds: number, labels: Labels = {}, buckets?: number[]): void {
    if (!Number.isFinite(seconds)) return;
    this.histogram(name, help, Object.keys(labels), buckets).observe(labels, Math.max(0, seconds));
  }

  /** Seconds from an ISO timestamp to now, for the pipeline histograms; undefined when absent or bad. */
  static secondsSince(iso: string | undefined, now = Date.now()): number | undefined {
    if (!iso) return undefined;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? undefined : (now - t) / 1000;
  }

  /** A gauge or counter read at scrape time (table sizes, counters kept elsewhere). */
  collect(
    name: string,
    help: string,
    type: 'counter' | 'gauge',
    fn: () => Row[],
    labelNames: readonly string[] = [],
  ): void {
    const fill = (m: Gauge | Counter) => {
      m.reset();
      for (const r of fn()) {
        const v = Number.isFinite(r.value) ? r.value : 0;
        if (m instanceof Gauge) m.set(r.labels ?? {}, v);
        else if (v > 0) m.inc(r.labels ?? {}, v);
      }
    };
    this.instrument(name, () =>
      type === 'gauge'
        ? new Gauge({
            name,
            help,
            labelNames,
            registers: [this.registry],
            collect(this: Gauge) {
              fill(this);
            },
          })
        : new Counter({
            name,
            help,
            labelNames,
            registers: [this.registry],
            collect(this: Counter) {
              fill(this);
            },
          }),
    );
  }

  /** The current value of a counter or gauge series (tests and the start-up banner). */
  async value(name: string, labels: Labels = {}): Promise<number> {
    const m = this.instruments.get(name);
    if (!m) return 0;
    const data = await m.get();
    const want = JSON.stringify(Object.entries(labels).sort());
    const row = data.values.find((v) => JSON.stringify(Object.entries(v.labels as Labels).sort()) === want);
    return row?.value ?? 0;
  }

  /** The text exposition format (version 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
