import type { RuleSpec } from '@watchfire/contracts';

const MAX_CHANGES = 20;
const MAX_CHARS = 300;

/** Every leaf of a JSON value by its dotted path (the path style of validation errors: when.all.1.eq). */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(path, JSON.stringify(value));
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) out.set(path, JSON.stringify(value));
  return out;
}

const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);

/**
 * What an edit changed in a rule, one line per leaf: `severity: "high" -> "critical"`,
 * `when.all.2: added {"field":"actor","eq":"Taliban"}` style lines, kept in the rule's history so
 * the console can show who changed what after the old version is compacted away.
 */
export function ruleChanges(before: RuleSpec, after: RuleSpec): string[] {
  const a = leaves(before, '', new Map());
  const b = leaves(after, '', new Map());
  const out: string[] = [];
  for (const [path, old] of a) {
    const now = b.get(path);
    if (now === undefined) out.push(clip(`${path}: removed ${old}`));
    else if (now !== old) out.push(clip(`${path}: ${old} -> ${now}`));
  }
  for (const [path, now] of b) if (!a.has(path)) out.push(clip(`${path}: added ${now}`));
  return out.length > MAX_CHANGES
    ? [...out.slice(0, MAX_CHANGES - 1), `… and ${out.length - MAX_CHANGES + 1} more changes`]
    : out;
}
