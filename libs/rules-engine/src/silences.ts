import { normalizeName, type Alert, type SilenceRecord } from '@watchfire/contracts';
import { toMs } from './duration';

type MatcherField = SilenceRecord['matchers'][number]['field'];

/** The values of an alert a silence matcher looks at (several for ruleId: one per rule in the alert). */
export function alertValues(alert: Alert, field: MatcherField): string[] {
  const e = alert.event;
  const one = (v: string | number | undefined): string[] => (v === undefined ? [] : [String(v)]);
  switch (field) {
    case 'severity':
      return [alert.severity];
    case 'ruleId':
      return alert.rules.map((r) => r.id);
    case 'type':
      return [alert.type];
    case 'status':
      return [alert.status];
    case 'actor':
      return one(alert.actor);
    case 'confidence':
      return one(e.confidence);
    case 'eventDate':
      return one(alert.eventDate ?? e.eventDate);
    case 'reportId':
      return one(e.reportId);
    case 'location.id':
      return [alert.location.id];
    case 'location.name':
      return [alert.location.name];
    case 'location.kind':
      return [alert.location.kind];
    case 'location.province':
      return [alert.location.province];
    case 'location.country':
      return [alert.location.country];
    case 'location.neighbor':
      return one(alert.location.neighbor);
    case 'report.source':
      return one(e.report?.source);
    default:
      return [];
  }
}

/** A silence is active from startsAt (inclusive) to endsAt (exclusive). */
export function isSilenceActive(
  s: Pick<SilenceRecord, 'startsAt' | 'endsAt'>,
  now: number | string | Date,
): boolean {
  const t = toMs(now);
  return Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt);
}

/** Every matcher must hold (AND); a matcher holds when any of the alert's values equals (case-insensitively) `eq` or one of `in`. */
export function silenceMatches(s: Pick<SilenceRecord, 'matchers'>, alert: Alert): boolean {
  return s.matchers.every((m) => {
    const wanted = (m.in ?? (m.eq !== undefined ? [m.eq] : [])).map(normalizeName);
    return alertValues(alert, m.field).some((v) => wanted.includes(normalizeName(v)));
  });
}

/** Which active silences mute the alert (empty: not silenced). */
export function silencesFor(
  alert: Alert,
  silences: Iterable<SilenceRecord>,
  now: number | string | Date,
): string[] {
  const ids: string[] = [];
  for (const s of silences) if (isSilenceActive(s, now) && silenceMatches(s, alert)) ids.push(s.id);
  return ids;
}

export function isSilenced(
  alert: Alert,
  silences: Iterable<SilenceRecord>,
  now: number | string | Date,
): boolean {
  return silencesFor(alert, silences, now).length > 0;
}

/** The alert as it is recorded: `silenced: true` and the silence ids when muted (still produced, not e-mailed). */
export function applySilences(
  alert: Alert,
  silences: Iterable<SilenceRecord>,
  now: number | string | Date,
): Alert {
  const ids = silencesFor(alert, silences, now);
  return ids.length
    ? { ...alert, silenced: true, silenceIds: ids.slice(0, 50) }
    : { ...alert, silenced: false };
}
