import { severityRank, type Alert, type Digest } from '@watchfire/contracts';
import { canonicalTimeZone, wallClock, zonedTimeToUtc } from './time';

export type DigestPeriodKind = 'hourly' | 'daily';

export interface DigestPeriod {
  period: DigestPeriodKind;
  /** The zone the period boundaries follow (canonical IANA name, UTC when none or invalid). */
  zone: string;
  startMs: number;
  endMs: number;
  /** ISO instants (UTC). */
  start: string;
  end: string;
}

/**
 * The digest period an instant falls into, with boundaries on the subscriber's wall clock:
 * hourly periods start at the top of the local hour (which is :30 UTC in Kabul), daily ones at
 * local midnight (23 or 25 hours long across a DST change; a midnight that does not exist starts
 * at the transition).
 */
export function digestPeriodFor(period: DigestPeriodKind, atMs: number, timeZone?: string): DigestPeriod {
  const zone = canonicalTimeZone(timeZone) ?? 'UTC';
  const w = wallClock(atMs, zone);
  let startMs: number;
  let endMs: number;
  if (period === 'hourly') {
    startMs = Math.floor(atMs / 1000) * 1000 - (w.minute * 60 + w.second) * 1000;
    endMs = startMs + 3_600_000;
  } else {
    startMs = zonedTimeToUtc(w.year, w.month, w.day, 0, 0, zone);
    const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
    endMs = zonedTimeToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, zone);
    // A repeated or skipped local midnight can put the computed start after the instant.
    if (startMs > atMs) startMs = atMs;
  }
  if (endMs <= atMs) endMs = atMs + 1;
  return {
    period,
    zone,
    startMs,
    endMs,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
  };
}

/** Identifies one digest mail: a subscriber and a period. */
export function digestId(subscriptionId: string, periodStart: string): string {
  return `digest.${subscriptionId}.${periodStart}`;
}

/** Record key on watchfire.digests.v1: one entry per subscriber, period and alert. */
export function digestEntryKey(subscriptionId: string, periodStart: string, alertId: string): string {
  return `${subscriptionId}|${periodStart}|${alertId}`;
}

/** A digest is due once its period has ended (plus an optional grace for late alerts). */
export function isDigestDue(digest: Pick<Digest, 'periodEnd'>, nowMs: number, graceMs = 0): boolean {
  return nowMs >= Date.parse(digest.periodEnd) + graceMs;
}

/** Kept well below the 1 MB Kafka message limit per entry, and readable per mail. */
export const DIGEST_MAX_ALERTS = 200;
const DIGEST_MAX_SOURCES = 5;

/** The alert as kept in a digest: the rendering needs everything but the long tail of sources. */
export function slimAlert(alert: Alert): Alert {
  const { sources } = alert.corroboration;
  if (sources.length <= DIGEST_MAX_SOURCES) return alert;
  return {
    ...alert,
    corroboration: { ...alert.corroboration, sources: sources.slice(0, DIGEST_MAX_SOURCES) },
  };
}

/**
 * The entry to write for an alert in a subscriber's pending digest, or null when the entry that
 * is already there has this revision or a later one (a redelivered alert rewrites nothing; a
 * later revision replaces the earlier one, so the digest reports the latest state once).
 */
export function digestEntryFor(
  existing: Digest | undefined,
  alert: Alert,
  sub: { id: string },
  period: DigestPeriod,
  nowMs: number,
): Digest | null {
  if (existing && existing.revision >= alert.revision) return null;
  return {
    id: digestEntryKey(sub.id, period.start, alert.id),
    subscriptionId: sub.id,
    period: period.period,
    periodStart: period.start,
    periodEnd: period.end,
    alertId: alert.id,
    revision: alert.revision,
    alert: slimAlert(alert),
    updatedAt: new Date(nowMs).toISOString(),
  };
}

export interface AssembledDigest {
  id: string;
  subscriptionId: string;
  period: DigestPeriodKind;
  periodStart: string;
  periodEnd: string;
  /** Entries to render (newest revision of each alert, at most DIGEST_MAX_ALERTS, most severe first). */
  entries: Digest[];
  /** Entries left out of the mail (still tombstoned with the rest). */
  dropped: number;
  /** Every entry of the period, for the tombstones and the ledger. */
  all: Digest[];
}

/** Groups pending entries into digests (one per subscriber and period). */
export function assembleDigests(entries: Iterable<Digest>): AssembledDigest[] {
  const groups = new Map<string, Digest[]>();
  for (const e of entries) {
    const k = digestId(e.subscriptionId, e.periodStart);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(e);
  }
  return [...groups.entries()].map(([id, all]) => {
    const first = all[0];
    const sorted = [...all].sort(
      (a, b) =>
        severityRank(b.alert.severity) - severityRank(a.alert.severity) ||
        b.alert.lastSeenAt.localeCompare(a.alert.lastSeenAt) ||
        a.alertId.localeCompare(b.alertId),
    );
    return {
      id,
      subscriptionId: first.subscriptionId,
      period: first.period,
      periodStart: first.periodStart,
      periodEnd: all.reduce((m, e) => (e.periodEnd > m ? e.periodEnd : m), first.periodEnd),
      entries: sorted.slice(0, DIGEST_MAX_ALERTS),
      dropped: Math.max(0, sorted.length - DIGEST_MAX_ALERTS),
      all,
    };
  });
}
