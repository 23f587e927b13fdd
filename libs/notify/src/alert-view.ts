import {
  EVENT_STATUSES,
  EVENT_TYPES,
  SEVERITIES,
  severityRank,
  type Alert,
  type EventStatus,
  type EventType,
  type Severity,
  normalizeName,
} from '@watchfire/contracts';

/** Filters of GET /alerts. Lists match any of their values; every given filter must hold. */
export interface AlertQuery {
  type?: EventType[];
  status?: EventStatus[];
  severity?: Severity[];
  minSeverity?: Severity;
  /** A place name (compared without case/diacritics) or a location id. */
  place?: string;
  country?: string;
  /** The alert was seen (first report .. latest revision) at some time in [since, until]. */
  since?: string;
  until?: string;
  limit: number;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string;
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor?: string;
}

/** What apply() did with a record: a first sight, a newer revision, or nothing new. */
export type AlertChange = 'new' | 'revision' | 'stale';

interface Entry {
  revisions: Alert[];
  latest: Alert;
}

export const ALERT_QUERY_VALUES = { types: EVENT_TYPES, statuses: EVENT_STATUSES, severities: SEVERITIES };

/** Newest first: the latest revision's createdAt, then the id (so the order is total). */
const sortKey = (a: Alert) => `${a.createdAt}\u0000${a.id}`;

export class InvalidCursorError extends Error {}

export const encodeCursor = (a: Alert): string => Buffer.from(sortKey(a), 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!s.includes('\u0000') || s.length > 400) throw new InvalidCursorError('cursor: not one this API gave');
  return s;
}

/**
 * The alerts topic as a view: every alert with all its revisions, the latest on top. Records can
 * arrive twice (redelivery, re-reading the topic) or out of order across restarts; a revision is
 * kept once and the highest one is the alert. Bounded: past maxAlerts the alert updated least
 * recently is forgotten (the topic's retention bounds it in Kafka; this bounds memory).
 */
export class AlertView {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxAlerts = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  apply(alert: Alert): AlertChange {
    const e = this.entries.get(alert.id);
    if (!e) {
      this.entries.set(alert.id, { revisions: [alert], latest: alert });
      this.evict();
      return 'new';
    }
    if (e.revisions.some((r) => r.revision === alert.revision)) return 'stale';
    e.revisions.push(alert);
    e.revisions.sort((a, b) => a.revision - b.revision);
    if (alert.revision < e.latest.revision) return 'stale';
    e.latest = alert;
    // Re-insert: the Map's order is then least recently updated first, which eviction uses.
    this.entries.delete(alert.id);
    this.entries.set(alert.id, e);
    return 'revision';
  }

  latest(id: string): Alert | undefined {
    return this.entries.get(id)?.latest;
  }

  /** Every revision, oldest first. */
  revisions(id: string): Alert[] | undefined {
    return this.entries.get(id)?.revisions.slice();
  }

  query(q: AlertQuery): AlertPage {
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const matches = matcher(q);
    const found: Alert[] = [];
    for (const { latest } of this.entries.values()) {
      if (after !== undefined && sortKey(latest) >= after) continue;
      if (matches(latest)) found.push(latest);
    }
    found.sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const alerts = found.slice(0, q.limit);
    return found.length > q.limit
      ? { alerts, nextCursor: encodeCursor(alerts[alerts.length - 1]) }
      : { alerts };
  }

  private evict(): void {
    while (this.entries.size > this.maxAlerts) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** The filter of a query as one predicate on an alert's latest revision. */
export function matcher(q: Omit<AlertQuery, 'limit' | 'cursor'>): (a: Alert) => boolean {
  const place = q.place ? normalizeName(q.place) : undefined;
  const country = q.country ? normalizeName(q.country) : undefined;
  const min = q.minSeverity ? severityRank(q.minSeverity) : undefined;
  return (a) =>
    (!q.type?.length || q.type.includes(a.type)) &&
    (!q.status?.length || q.status.includes(a.status)) &&
    (!q.severity?.length || q.severity.includes(a.severity)) &&
    (min === undefined || severityRank(a.severity) >= min) &&
    (place === undefined || a.location.id === q.place || normalizeName(a.location.name) === place) &&
    (country === undefined || normalizeName(a.location.country) === country) &&
    (q.since === undefined || Date.parse(a.lastSeenAt) >= Date.parse(q.since)) &&
    (q.until === undefined || Date.parse(a.firstSeenAt) <= Date.parse(q.until));
}
