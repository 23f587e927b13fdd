/**
 * Public types of the extraction library. The event shape mirrors the event contract (docs/architecture.md) and
 * libs/contracts (EventSchema); keep them in step.
 */

export type EventType =
  'provincial_capital_attack' | 'provincial_capital_captured' | 'border_crossing_control_change';
export type EventStatus = 'claimed' | 'reported' | 'confirmed' | 'denied';
export type PlaceKind = 'provincial_capital' | 'border_crossing';

export interface EventLocation {
  id: string;
  name: string;
  kind: PlaceKind;
  province: string;
  country: string;
  neighbor?: string;
  lat?: number;
  lon?: number;
}

export interface Evidence {
  text: string;
  start: number;
  end: number;
}

export interface ExtractedEvent {
  /** First 24 hex chars of sha256(`${reportId}|${type}|${location.id}`). */
  id: string;
  reportId: string;
  type: EventType;
  location: EventLocation;
  /** Normalised ('Taliban', 'government forces', ...). For a border crossing: the side that now holds it. */
  actor?: string;
  status: EventStatus;
  /** YYYY-MM-DD */
  eventDate?: string;
  /**
   * In [0,1]: how likely it is that the report really asserts (or, for status 'denied', really
   * discusses and denies) this event type at this place. It measures the reading, not the truth of
   * the world: verification is what `status` is for. See README.md.
   */
  confidence: number;
  /** Sentence(s) supporting the event; text === input.slice(start, end). */
  evidence: Evidence[];
}

export interface ReportInput {
  id: string;
  text: string;
  /** ISO date or datetime; the reference for relative dates unless the text has a `date YYYY-MM-DD` dateline. */
  publishedAt?: string;
  title?: string;
}

/**
 * One place of the gazetteer, as stored in gazetteer/afghanistan.json and in operator place files.
 * `aliases` are other spellings of the place; `provinceAliases` other spellings of its province
 * (used for "the capital of Y province" and to tell the province apart from its capital).
 */
export interface PlaceEntry {
  id: string;
  name: string;
  kind: PlaceKind;
  province: string;
  country: string;
  neighbor?: string;
  lat?: number;
  lon?: number;
  aliases?: string[];
  provinceAliases?: string[];
}
