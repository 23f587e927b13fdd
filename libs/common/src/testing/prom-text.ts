/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: `promtool check
 * metrics` is not available here, so this checks what it and the Prometheus scraper would reject,
 * plus the naming rules we hold ourselves to. Returns the parsed families and every problem found.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * Prometheus reads values with Go's strconv.ParseFloat, which takes NaN and Inf in any case —
 * prom-client writes NaN as "Nan" (its event-loop mean between two quick scrapes).
 */
function parseValue(v: string): number {
  if (/^\+?inf(inity)?$/i.test(v)) return Infinity;
  if (/^-inf(inity)?$/i.test(v)) return -Infinity;
  if (/^nan$/i.test(v)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`bad value "${v}"`);
  return Number(v);
}

/** Parses `{a="x",b="y"}` with the format's escapes (\\, \", \n). */
function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels "${text}"`);
    const key = text.slice(i, eq).trim();
    if (!LABEL.test(key) || key.startsWith('__')) throw new Error(`bad label name "${key}"`);
    if (text[eq + 1] !== '"') throw new Error(`label ${key}: value not quoted`);
    let j = eq + 2;
    let value = '';
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const n = text[++j];
        if (n === 'n') value += '\n';
        else if (n === '\\' || n === '"') value += n;
        else throw new Error(`label ${key}: bad escape \\${n}`);
      } else value += text[j];
    }
    if (j >= text.length) throw new Error(`label ${key}: unterminated value`);
    if (key in out) throw new Error(`label ${key} repeated`);
    out[key] = value;
    i = j + 1;
    if (text[i] === ',') i++;
  }
  return out;
}

const familyOf = (sample: string, families: Map<string, Family>) => {
  if (families.has(sample)) return sample;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = sample.slice(0, -suffix.length);
    if (sample.endsWith(suffix) && ['histogram', 'summary'].includes(families.get(base)?.type ?? ''))
      return base;
  }
  return null;
};

function checkHistogram(f: Family, problems: string[]): void {
  const series = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name === `${f.name}_bucket`);
    const count = samples.find((s) => s.name === `${f.name}_count`);
    if (!samples.some((s) => s.name === `${f.name}_sum`) || !count)
      problems.push(`${f.name}${key}: missing _sum or _count`);
    const inf = buckets.find((b) => b.labels.le === '+Inf');
    if (!inf) problems.push(`${f.name}${key}: no le="+Inf" bucket`);
    else if (count && inf.value !== count.value) problems.push(`${f.name}${key}: +Inf bucket != _count`);
    let prevLe = -Infinity;
    let prev = 0;
    for (const b of buckets) {
      const le = parseValue(b.labels.le ?? 'x');
      if (le <= prevLe || b.value < prev)
        problems.push(`${f.name}${key}: buckets not cumulative at le=${le}`);
      prevLe = le;
      prev = b.value;
    }
  }
}

export function parseExposition(text: string): { families: Map<string, Family>; problems: string[] } {
  const families = new Map<string, Family>();
  const problems: string[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) !== '') problems.push('the exposition must end with a newline');
  lines.forEach((line, n) => {
    const at = `line ${n + 1}`;
    if (line === '') return;
    try {
      if (line.startsWith('#')) {
        const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
        if (!m) return; // a plain comment
        const [, kind, name, rest] = m as unknown as [string, string, string, string];
        if (!NAME.test(name)) throw new Error(`bad metric name "${name}"`);
        const f = families.get(name) ?? { name, help: '', type: 'untyped' as const, samples: [] };
        if (kind === 'HELP') f.help = rest;
        else {
          if (!TYPES.has(rest)) throw new Error(`unknown type "${rest}"`);
          if (f.samples.length) throw new Error(`TYPE of ${name} after its samples`);
          f.type = rest as Family['type'];
        }
        families.set(name, f);
        return;
      }
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
      if (!m) throw new Error(`not a sample: "${line.slice(0, 120)}"`);
      const [, name, , labelText, value] = m as unknown as [
        string,
        string,
        string,
        string | undefined,
        string,
      ];
      const family = familyOf(name, families);
      if (!family) throw new Error(`sample ${name} has no # TYPE line before it`);
      const labels = labelText ? parseLabels(labelText) : {};
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (seen.has(key)) throw new Error(`duplicate series ${key}`);
      seen.add(key);
      families.get(family)!.samples.push({ name, labels, value: parseValue(value) });
    } catch (e) {
      problems.push(`${at}: ${(e as Error).message} (${line.slice(0, 160)})`);
    }
  });
  for (const f of families.values()) {
    if (!f.help) problems.push(`${f.name}: no HELP`);
    if (f.type === 'counter' && !f.name.endsWith('_total'))
      problems.push(`${f.name}: a counter must end in _total`);
    // prom-client's own Node.js gauges (nodejs_active_handles_total, ...) predate the rule; ours follow it.
    if (f.type !== 'counter' && f.name.endsWith('_total') && f.name.startsWith('watchfire_'))
      problems.push(`${f.name}: _total on a ${f.type}`);
    if (f.type === 'counter' && f.samples.some((s) => s.value < 0))
      problems.push(`${f.name}: negative counter`);
    if (f.type === 'histogram') checkHistogram(f, problems);
  }
  return { families, problems };
}
