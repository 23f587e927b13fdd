import { Injectable } from '@nestjs/common';

type Labels = Record<string, string>;
interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
  collect?: () => Array<{ labels?: Labels; value: number }>;
}

const labelKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** A small Prometheus registry: counters and gauges with labels, rendered in the text format. */
@Injectable()
export class MetricsRegistry {
  private readonly series = new Map<string, Series>();

  private get(name: string, help: string, type: Series['type']): Series {
    let s = this.series.get(name);
    if (!s) this.series.set(name, (s = { help, type, values: new Map() }));
    return s;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const s = this.get(name, help, 'counter');
    const k = labelKey(labels);
    const cur = s.values.get(k);
    if (cur) cur.value += by;
    else s.values.set(k, { labels, value: by });
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.get(name, help, 'gauge').values.set(labelKey(labels), { labels, value });
  }

  /** A gauge or counter read at scrape time (e.g. table sizes, broker counters). */
  collect(
    name: string,
    help: string,
    type: Series['type'],
    fn: () => Array<{ labels?: Labels; value: number }>,
  ): void {
    this.get(name, help, type).collect = fn;
  }

  value(name: string, labels: Labels = {}): number {
    return this.series.get(name)?.values.get(labelKey(labels))?.value ?? 0;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, s] of this.series) {
      out.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      const rows = [
        ...s.values.values(),
        ...(s.collect?.() ?? []).map((r) => ({ labels: r.labels ?? {}, value: r.value })),
      ];
      for (const { labels, value } of rows) {
        const l = Object.entries(labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',');
        out.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 0}`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}
