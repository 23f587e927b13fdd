import type { Alert, Digest } from '@watchfire/contracts';
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
  return { period, zone, startMs, endMs, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

/** Record key on watchfire.digests.v1: one pending digest per subscriber and period. */
export function digestKey(subscriptionId: string, periodStart: string): string {
  return `${subscriptionId}.${periodStart}`;
}

/** A digest is due once its period has ended (plus an optional grace for late alerts). */
export function isDigestDue(digest: Pick<Digest, 'periodEnd'>, nowMs: number, graceMs = 0): boolean {
  return nowMs >= Date.parse(digest.periodEnd) + graceMs;
}

/** Kept well below the schema's 1,000 so that a digest record stays far under Kafka's 1 MB. */
export const DIGEST_MAX_ALERTS = 200;
const DIGEST_MAX_SOURCES = 5;

/** The alert as kept in a digest: the rendering needs everything but the long tail of sources. */
export function slimAlert(alert: Alert): Alert {
  const { sources } = alert.corroboration;
  if (sources.length <= DIGEST_MAX_SOURCES) return alert;
  return { ...alert, corroboration: { ...alert.corroboration, sources: sources.slice(0, DIGEST_MAX_SOURCES) } };
}

/**
 * The digest with the alert added. A later revision of an alert already in the digest replaces
 * the earlier one (the digest reports the latest state once, not every step); an older or equal
 * revision changes nothing. Returns `changed: false` when the digest is already up to date, so a
 * redelivered alert does not rewrite the record. Past the size limit the oldest entries give way
 * and are counted in `dropped`.
 */
export function addToDigest(
  current: Digest | undefined,
  alert: Alert,
  sub: { id: string },
  period: DigestPeriod,
  nowMs: number,
): { digest: Digest; changed: boolean } {
  const base: Digest = current ?? {
    id: digestKey(sub.id, period.start),
    subscriptionId: sub.id,
    period: period.period,
    periodStart: period.start,
    periodEnd: period.end,
    alerts: [],
    updatedAt: new Date(nowMs).toISOString(),
  };
  const i = base.alerts.findIndex((a) => a.alertId === alert.id);
  if (i >= 0 && base.alerts[i]!.revision >= alert.revision) return { digest: base, changed: false };
  const entry = { alertId: alert.id, revision: alert.revision, alert: slimAlert(alert) };
  const alerts = i >= 0 ? base.alerts.map((a, j) => (j === i ? entry : a)) : [...base.alerts, entry];
  let dropped = base.dropped ?? 0;
  while (alerts.length > DIGEST_MAX_ALERTS) {
    alerts.shift();
    dropped++;
  }
  return {
    digest: { ...base, alerts, ...(dropped ? { dropped } : {}), updatedAt: new Date(nowMs).toISOString() },
    changed: true,
  };
}
