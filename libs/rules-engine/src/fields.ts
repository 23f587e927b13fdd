import {
  EVENT_STATUSES,
  EVENT_TYPES,
  normalizeName,
  type RuleField,
  type WatchfireEvent,
} from '@watchfire/contracts';

export type FieldValue = string | number | undefined;

type FieldGetter = (e: WatchfireEvent) => FieldValue;

/** How each rule field is read from an event: one small function per field, so hot paths call it directly instead of switching on the name. */
const GETTERS: Record<RuleField, FieldGetter> = {
  type: (e) => e.type,
  status: (e) => e.status,
  actor: (e) => e.actor,
  confidence: (e) => e.confidence,
  eventDate: (e) => e.eventDate,
  reportId: (e) => e.reportId,
  'location.id': (e) => e.location.id,
  'location.name': (e) => e.location.name,
  'location.kind': (e) => e.location.kind,
  'location.province': (e) => e.location.province,
  'location.country': (e) => e.location.country,
  'location.neighbor': (e) => e.location.neighbor,
  'report.source': (e) => e.report?.source,
};

export const fieldGetter = (f: RuleField): FieldGetter => GETTERS[f];

/** The value of a rule field in an event (undefined when the event does not have it). */
export function fieldValue(e: WatchfireEvent, f: RuleField): FieldValue {
  return GETTERS[f](e);
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
 * String comparisons go through normalizeName (libs/contracts, the one home for comparing names:
 * case, diacritics, hyphens, apostrophes, spacing), so `"iran"` matches `"Iran"` and `"Sar e Pol"`
 * matches `"Sar-e Pol"` here exactly as in subscription filters. Numbers compare as numbers.
 */
export function normValue(v: string | number | boolean): string | number | boolean {
  return typeof v === 'string' ? normalizeName(v) : v;
}

/** Bounds of normalizeNameRemembered's memo: short values only (actors, sources, places), cleared when full. */
const NORM_MEMO_MAX = 10_000;
const NORM_MEMO_KEY_CHARS = 64;
const normMemo = new Map<string, string>();

/**
 * normalizeName, remembered across events: field values repeat (a few actors, sources and places),
 * and a lookup costs less than lower-casing and trimming a new copy each time.
 */
export function normalizeNameRemembered(s: string): string {
  if (s.length > NORM_MEMO_KEY_CHARS) return normalizeName(s);
  let n = normMemo.get(s);
  if (n === undefined) {
    if (normMemo.size >= NORM_MEMO_MAX) normMemo.clear();
    n = normalizeName(s);
    normMemo.set(s, n);
  }
  return n;
}
