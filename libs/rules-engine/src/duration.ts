const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses a duration of the rule language (`90s`, `15m`, `24h`, `7d`, `500ms`) into milliseconds. */
export function parseDuration(d: string): number {
  const m = /^([1-9][0-9]{0,6})(ms|s|m|h|d)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(d)} (use e.g. 90s, 15m, 24h, 7d)`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export const DEFAULT_GROUP_WINDOW = '72h';
export const DEFAULT_GROUP_WINDOW_MS = 72 * 3_600_000;

export const toMs = (t: number | string | Date): number =>
  typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
export const toIso = (ms: number): string => new Date(ms).toISOString();
