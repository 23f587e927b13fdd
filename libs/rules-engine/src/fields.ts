import { EVENT_STATUSES, EVENT_TYPES, type RuleField, type WatchfireEvent } from '@watchfire/contracts';

export type FieldValue = string | number | undefined;

/** The value of a rule field in an event (undefined when the event does not have it). */
export function fieldValue(e: WatchfireEvent, f: RuleField): FieldValue {
  switch (f) {
    case 'type': return e.type;
    case 'status': return e.status;
    case 'actor': return e.actor;
    case 'confidence': return e.confidence;
    case 'eventDate': return e.eventDate;
    case 'reportId': return e.reportId;
    case 'location.id': return e.location.id;
    case 'location.name': return e.location.name;
    case 'location.kind': return e.location.kind;
    case 'location.province': return e.location.province;
    case 'location.country': return e.location.country;
    case 'location.neighbor': return e.location.neighbor;
    case 'report.source': return e.report?.source;
  }
}

/** Fields holding numbers; every other field holds strings. */
export const NUMERIC_FIELDS: ReadonlySet<RuleField> = new Set<RuleField>(['confidence']);

/** Fields with a closed set of values: a value outside it is a typo, refused at validation. */
export const ENUM_FIELDS: Partial<Record<RuleField, readonly string[]>> = {
  type: EVENT_TYPES,
  status: EVENT_STATUSES,
  'location.kind': ['provincial_capital', 'border_crossing'],
};

/**
 * String comparisons ignore case, surrounding space and diacritics, so `"iran"` matches `"Iran"`
 * and `"Qala-i-Naw"` matches `"Qala-i-naw"`. Numbers compare as numbers.
 */
export function normValue(v: string | number | boolean): string | number | boolean {
  return typeof v === 'string' ? normString(v) : v;
}

export function normString(s: string): string {
  // Fast path: ASCII without capitals or edge spaces (ids, types, statuses) is returned as is.
  let ascii = true;
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    if (c >= 0x41 && c <= 0x5a) plain = false;
  }
  if (ascii && plain && s.length > 0 && s.charCodeAt(0) > 0x20 && s.charCodeAt(s.length - 1) > 0x20) return s;
  const t = ascii ? s : s.normalize('NFKD').replace(/\p{M}+/gu, '');
  return t.trim().toLowerCase();
}
