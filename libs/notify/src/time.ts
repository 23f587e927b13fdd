/**
 * Time zones through Intl only (no tz database of our own). Formatters are cached per zone:
 * constructing an Intl.DateTimeFormat costs far more than formatting with one.
 */

const zoneCache = new Map<string, string | null>();

/** The canonical IANA name of a zone, or undefined when Intl does not know it. */
export function canonicalTimeZone(zone: string | undefined): string | undefined {
  if (!zone || zone.length > 64) return undefined;
  const hit = zoneCache.get(zone);
  if (hit !== undefined) return hit ?? undefined;
  let canon: string | null;
  try {
    canon = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    canon = null;
  }
  if (zoneCache.size > 1_000) zoneCache.clear();
  zoneCache.set(zone, canon);
  return canon ?? undefined;
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partsCache.set(zone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: string;
}

/** The wall-clock reading in `zone` at instant `ms` (milliseconds dropped). */
export function wallClock(ms: number, zone: string): WallClock {
  const p: Record<string, string> = {};
  for (const part of partsFormatter(zone).formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: p.weekday ?? '',
  };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (Kabul: +4.5 h). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The first instant at which the wall clock in `zone` reads the given local time, or, when that
 * local time does not exist (a DST gap), the instant the clock jumps past it.
 */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  zone: string,
): number {
  const local = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets around the guess; take the earliest candidate that reads back correctly.
  const offsets = new Set([
    zoneOffsetMs(local, zone),
    zoneOffsetMs(local - 86_400_000, zone),
    zoneOffsetMs(local + 86_400_000, zone),
  ]);
  const exact = [...offsets]
    .map((o) => local - o)
    .filter((t) => zoneOffsetMs(t, zone) === local - t)
    .sort((a, b) => a - b);
  if (exact.length) return exact[0];
  // In a gap: the transition instant, found by bisection between the two candidate readings.
  const candidates = [...offsets].map((o) => local - o).sort((a, b) => a - b);
  let lo = candidates[0];
  let hi = candidates[candidates.length - 1];
  const before = zoneOffsetMs(lo, zone);
  if (zoneOffsetMs(hi, zone) === before) return hi;
  while (hi - lo > 1_000) {
    const mid = lo + Math.floor((hi - lo) / 2_000) * 1_000;
    if (zoneOffsetMs(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

const displayCache = new Map<string, Intl.DateTimeFormat>();
function displayFormatter(zone: string): Intl.DateTimeFormat {
  let f = displayCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    displayCache.set(zone, f);
  }
  return f;
}

function offsetLabel(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const m = Math.round(Math.abs(offsetMs) / 60_000);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export interface FormattedTime {
  /** e.g. `Fri 9 Jul 2021, 10:15 UTC` */
  utc: string;
  /** e.g. `Fri 9 Jul 2021, 14:45 Asia/Kabul (UTC+04:30)`; absent when the zone is UTC or unknown. */
  local?: string;
}

/** An ISO instant for people: in UTC and, when a valid non-UTC zone is given, in that zone. */
export function formatInstant(iso: string, zone?: string): FormattedTime | undefined {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return undefined;
  const utc = `${displayFormatter('UTC').format(ms).replace(' at ', ', ')} UTC`;
  const z = canonicalTimeZone(zone);
  if (!z || z === 'UTC' || z === 'Etc/UTC') return { utc };
  return {
    utc,
    local: `${displayFormatter(z).format(ms).replace(' at ', ', ')} ${z} (${offsetLabel(zoneOffsetMs(ms, z))})`,
  };
}

export function formatInstantLine(iso: string, zone?: string): string | undefined {
  const t = formatInstant(iso, zone);
  if (!t) return undefined;
  return t.local ? `${t.utc} — ${t.local}` : t.utc;
}
