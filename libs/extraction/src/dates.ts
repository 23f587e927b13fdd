/**
 * Over 600 lines: not yet split. findDateExprs (~350 lines) is one grammar of date expressions and
 * the next to move out into its own stage (issue #13, Must 6).
 *
 * Reference dates and time expressions: the `date YYYY-MM-DD` dateline, wire datelines
 * ("KABUL, July 9, 2021 (Reuters) -"), and the expressions wire copy uses for when
 * something happened ("on Wednesday", "earlier on Friday", "last month", "in 2015", "Aug. 12").
 * All arithmetic is on calendar dates in UTC; no clock is read.
 */
import type { Token } from './text';

export interface DateExpr {
  tokStart: number;
  tokEnd: number;
  /** Resolved calendar date (YYYY-MM-DD) when it can be resolved. */
  date?: string;
  precision: 'day' | 'month' | 'year' | 'vague';
  /** Older than the reference by more than HISTORICAL_DAYS (or explicitly "years ago", "1990s"). */
  historical: boolean;
  /** After the reference date: a plan or forecast, not something that happened. */
  future: boolean;
  /** "since 2001", "for the first time since ..." - a comparison, never the event's date. */
  comparative: boolean;
  /** "a year since|after ...": dates only what follows it (the earlier event), never a trigger before it. */
  anniversary?: boolean;
  /** Derived ("a week after X") rather than stated: loses to a stated date. */
  approx?: boolean;
}

/** An event dated more than this many days before the reference date is historical background. */
export const HISTORICAL_DAYS = 180;

// The dateline may share its line with the text (" date 2021-07-09 Taliban said ..."): the date then
// ends at the first space.
const DATELINE_RE = /^[ \t\ufeff]*date[ \t]*:?[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*(?:\r?\n|$)|[ \t]+)/i;

/** The `date YYYY-MM-DD` first line of the text/plain ingestion format. */
export function parseDatelineLine(text: string): { date?: string; bodyStart: number } {
  const m = DATELINE_RE.exec(text);
  if (m && isValidIso(m[1])) return { date: m[1], bodyStart: m[0].length };
  return { bodyStart: 0 };
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function isValidIso(d: string): boolean {
  if (!ISO_RE.test(d)) return false;
  const y = +d.slice(0, 4);
  const mo = +d.slice(5, 7);
  const da = +d.slice(8, 10);
  if (mo < 1 || mo > 12 || da < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return da <= (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]);
}

/** The calendar date of an ISO date or datetime as written (the local date of the source). */
export function isoDatePart(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(s.trim());
  return m && isValidIso(m[1]) ? m[1] : undefined;
}

export const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
export const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sun: 0,
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
};
const FULL_WEEKDAYS = new Set(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  several: 3,
  few: 3,
  couple: 2,
};
const DAY_RE = /^(\d{1,2})(st|nd|rd|th)?$/;
const YEAR_RE = /^(19|20)\d\d$/;
const PARTS_OF_DAY = new Set(['morning', 'afternoon', 'evening', 'night', 'nights']);
/** Words that can start a time expression (digits aside). */
const DATE_STARTERS = new Set([
  ...Object.keys(MONTHS),
  ...Object.keys(WEEKDAYS),
  ...Object.keys(NUMBER_WORDS),
  'today',
  'tonight',
  'yesterday',
  'overnight',
  'last',
  'previous',
  'past',
  'this',
  'earlier',
  'later',
  'recent',
  'years',
  'decades',
  'day',
  'week',
  'month',
  'year',
]);

export function toIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export function parseIso(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}
/** Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian; no Date objects). */
export function dayNumber(iso: string): number {
  let y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7);
  const d = +iso.slice(8, 10);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
export function fromDayNumber(z: number): string {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
export function addDays(iso: string, n: number): string {
  return fromDayNumber(dayNumber(iso) + n);
}
export function addMonths(iso: string, n: number): string {
  const d = parseIso(iso);
  const day = d.getUTCDate();
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return toIso(t);
}
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}
const pad = (n: number) => String(n).padStart(2, '0');
function ymd(y: number, m: number, d: number): string | undefined {
  const s = `${y}-${pad(m)}-${pad(d)}`;
  return isValidIso(s) ? s : undefined;
}

/**
 * Most recent `weekday` on or before the reference (same weekday = the reference day, as wire
 * copy says "on Friday" for the day of publication). "last Friday" on a Friday means a week ago.
 */
export function resolveWeekday(ref: string, weekday: number, last = false): string {
  const d = (((dayNumber(ref) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  let back = (d - weekday + 7) % 7;
  if (back === 0 && last) back = 7;
  return addDays(ref, -back);
}

/** Wire datelines at the start of the body: "KABUL, July 9, 2021 (Reuters) -", "HERAT, Afghanistan (AP) —". */
export function wireDateline(
  _text: string,
  tokens: Token[],
  ref?: string,
): { tokEnd: number; date?: string } {
  if (tokens.length < 2) return { tokEnd: 0 };
  // Upper-case place words first.
  let i = 0;
  const isAllCaps = (t: Token) =>
    t.word && t.raw.length > 1 && t.raw === t.raw.toUpperCase() && /[A-Z]/.test(t.raw);
  while (i < tokens.length && i < 6 && isAllCaps(tokens[i])) i++;
  if (i === 0) return { tokEnd: 0 };
  let date: string | undefined;
  const limit = Math.min(tokens.length, i + 14);
  for (let j = i; j < limit; j++) {
    const t = tokens[j];
    if (!t.word && (t.raw === '-' || t.raw === '—' || t.raw === '–' || t.raw === ':')) {
      // The dash must come before any sentence-ish text: everything since the caps is punctuation, a country, a date or (Agency).
      const exprs = findDateExprs(tokens, i, j, ref);
      const withYear = exprs.find((e) => e.precision === 'day' && e.date);
      if (withYear) date = withYear.date;
      return { tokEnd: j + 1, date };
    }
    if (t.nlBefore > 0) break;
  }
  return { tokEnd: 0 };
}

/** Finds the time expressions in tokens [from, to), resolved against `ref` when given. */
const WAR_WORDS = new Set(['war', 'invasion', 'conflict', 'offensive', 'insurgency', 'uprising', 'fighting']);
const WAR_START_HEADS = new Set(['start', 'beginning', 'outset', 'onset']);

/** End of "early in the war" / "at the start|beginning|outset of the invasion" / "in the first (days|weeks|months) of the war" at k. */
function warStartAt(low: (k: number) => string, k: number): number | undefined {
  const warAt = (j: number) => (low(j) === 'the' && WAR_WORDS.has(low(j + 1)) ? j + 2 : undefined);
  if (low(k) === 'early' && low(k + 1) === 'in') return warAt(k + 2);
  if (low(k) === 'at' && low(k + 1) === 'the' && WAR_START_HEADS.has(low(k + 2)) && low(k + 3) === 'of')
    return warAt(k + 4);
  if (
    low(k) === 'in' &&
    low(k + 1) === 'the' &&
    ['first', 'early', 'opening'].includes(low(k + 2)) &&
    ['days', 'weeks', 'months', 'stages', 'phase'].includes(low(k + 3)) &&
    low(k + 4) === 'of'
  )
    return warAt(k + 5);
  return undefined;
}

// Not yet split: one pass over the tokens trying each time expression in order (longest forms
// first); the next refactoring step, with the snapshot as guard.
export function findDateExprs(tokens: Token[], from: number, to: number, ref?: string): DateExpr[] {
  const out: DateExpr[] = [];
  const refYear = ref ? Number(ref.slice(0, 4)) : undefined;
  const low = (k: number) => (k >= from && k < to ? tokens[k].low : '');
  const add = (
    s: number,
    e: number,
    date: string | undefined,
    precision: DateExpr['precision'],
    opts: Partial<DateExpr> = {},
  ) => {
    let historical = opts.historical ?? false;
    let future = false;
    if (date && ref) {
      const diff = daysBetween(date, ref);
      if (precision === 'year')
        historical =
          historical || (Number(date.slice(0, 4)) < Number(ref.slice(0, 4)) && diff > HISTORICAL_DAYS);
      else historical = historical || diff > HISTORICAL_DAYS;
      future = diff < -1 && precision === 'day';
    }
    // "since 2001": a comparison, not when the event happened.
    let comparative = false;
    const p = low(s - 1);
    if (p === 'since' || p === 'until' || p === 'till') comparative = true;
    out.push({
      tokStart: s,
      tokEnd: e,
      date,
      precision,
      historical: comparative ? false : historical,
      future,
      comparative,
      ...(opts.anniversary ? { anniversary: true } : {}),
    });
  };
  const monthAt = (k: number): number | undefined => {
    const l = low(k);
    const m = MONTHS[l];
    if (!m) return undefined;
    if (l === 'may' && !tokens[k].cap) return undefined;
    if (
      (l === 'mar' ||
        l === 'jan' ||
        l === 'jun' ||
        l === 'sep' ||
        l === 'dec' ||
        l === 'oct' ||
        l === 'nov' ||
        l === 'feb' ||
        l === 'apr' ||
        l === 'aug' ||
        l === 'jul') &&
      !tokens[k].cap
    )
      return undefined;
    if (!tokens[k].cap) return undefined;
    return m;
  };
  const dayNum = (k: number): number | undefined => {
    const l = low(k);
    const c = l.charCodeAt(0);
    if (!(c >= 48 && c <= 57)) return undefined;
    const m = DAY_RE.exec(l);
    if (!m) return undefined;
    const n = Number(m[1]);
    return n >= 1 && n <= 31 ? n : undefined;
  };
  const yearAt = (k: number): number | undefined => {
    const l = low(k);
    if (l.length !== 4 || !YEAR_RE.test(l)) return undefined;
    return Number(l);
  };
  const skipDot = (k: number) => (k < to && tokens[k].raw === '.' ? k + 1 : k);
  const skipComma = (k: number) => (k < to && tokens[k].raw === ',' ? k + 1 : k);
  const inferYear = (m: number, d: number): number | undefined => {
    if (!ref || refYear === undefined) return undefined;
    const cand = ymd(refYear, m, d);
    if (cand && daysBetween(ref, cand) > 7) return refYear - 1;
    return refYear;
  };

  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (!t.word) continue;
    const l = t.low;
    // Most tokens cannot start a time expression: skip them cheaply, and run only the branches
    // that can apply to this kind of word.
    const c0 = l.charCodeAt(0);
    const digit = c0 >= 48 && c0 <= 57;
    // Background of a long war: "early in the war", "at the start of the invasion", "in the first
    // weeks of the war" - not this report's news, whatever the publication date.
    const warStart = l === 'early' || l === 'at' || l === 'in' ? warStartAt(low, k) : undefined;
    if (warStart) {
      add(k, warStart, undefined, 'year', { historical: true });
      k = warStart - 1;
      continue;
    }
    if (!digit && !DATE_STARTERS.has(l)) continue;
    if (!digit && l in NUMBER_WORDS && !(l in MONTHS)) {
      const unit = low(k + 1).replace(/s$/, '');
      const after = low(k + 2);
      if (
        ['day', 'week', 'month', 'year', 'decade'].includes(unit) &&
        ['ago', 'earlier', 'before'].includes(after)
      ) {
        // "a year ago today" is one expression.
        const e = low(k + 3) === 'today' ? k + 4 : k + 3;
        addUnit(add, k, e, ref, unit, NUMBER_WORDS[l]);
        k = e - 1;
      } else if ((unit === 'year' || unit === 'decade') && (after === 'since' || after === 'after')) {
        // "to mark a year since the rebels took the capital", "a year after Kenyan troops captured
        // X": an anniversary; the event is that long before the reference date.
        addUnit(add, k, k + 3, ref, unit, NUMBER_WORDS[l], true);
        k += 2;
      }
      continue;
    }
    // ISO 2021-07-07
    if (
      yearAt(k) !== undefined &&
      k + 2 < to &&
      tokens[k + 1].hyphenBefore &&
      tokens[k + 2].hyphenBefore &&
      /^\d\d$/.test(tokens[k + 1].raw) &&
      /^\d\d$/.test(tokens[k + 2].raw)
    ) {
      const d = ymd(Number(l), Number(tokens[k + 1].raw), Number(tokens[k + 2].raw));
      if (d) {
        add(k, k + 3, d, 'day');
        k += 2;
        continue;
      }
    }
    // Month Day[, Year] | Month Year | Month
    const mo = monthAt(k);
    if (mo !== undefined) {
      const j = skipDot(k + 1);
      const d = dayNum(j);
      if (d !== undefined) {
        let e = j + 1;
        let y: number | undefined;
        const jj = skipComma(e);
        if (yearAt(jj) !== undefined) {
          y = yearAt(jj);
          e = jj + 1;
        } else if (low(e) === 'last' && low(e + 1) === 'year' && refYear !== undefined) {
          // "on September 28 last year"
          y = refYear - 1;
          e += 2;
        } else y = inferYear(mo, d);
        add(k, e, y !== undefined ? ymd(y, mo, d) : undefined, 'day');
        k = e - 1;
        continue;
      }
      const y = yearAt(j) ?? yearAt(skipComma(j));
      if (y !== undefined) {
        const e = yearAt(j) !== undefined ? j + 1 : skipComma(j) + 1;
        add(k, e, ymd(y, mo, 1), 'month');
        k = e - 1;
        continue;
      }
      // Bare month needs a preposition/modifier in front ("in June", "early August", "last July").
      const p = low(k - 1);
      if (
        [
          'in',
          'since',
          'during',
          'early',
          'mid',
          'late',
          'last',
          'until',
          'by',
          'from',
          'of',
          'this',
        ].includes(p)
      ) {
        if (ref && refYear !== undefined) {
          let y = refYear;
          const refMonth = Number(ref.slice(5, 7));
          if (mo > refMonth || (p === 'last' && mo >= refMonth)) y -= 1;
          add(k, j, ymd(y, mo, 1), 'month');
        } else add(k, j, undefined, 'month');
        continue;
      }
    }
    // Day Month [Year]
    const dn = dayNum(k);
    if (dn !== undefined && k + 1 < to) {
      let j = k + 1;
      if (low(j) === 'of') j++;
      const mo2 = monthAt(j);
      if (mo2 !== undefined) {
        let e = skipDot(j + 1);
        let y: number | undefined;
        if (yearAt(e) !== undefined) {
          y = yearAt(e);
          e++;
        } else y = inferYear(mo2, dn);
        add(k, e, y !== undefined ? ymd(y, mo2, dn) : undefined, 'day');
        k = e - 1;
        continue;
      }
    }
    // Years: "in 2015", "2015", decades "1990s"
    const yr = yearAt(k);
    if (yr !== undefined) {
      // Skip numbers that are quantities ("2000 fighters").
      const nx = low(k + 1);
      const pv = low(k - 1);
      if (
        /^(fighters|troops|people|soldiers|families|men|km|kilometres|kilometers|miles|metres|meters|dollars|afghanis)$/.test(
          nx,
        )
      )
        continue;
      if (
        pv &&
        ![
          'in',
          'since',
          'of',
          'during',
          'until',
          'by',
          'from',
          'and',
          'to',
          'early',
          'late',
          'mid',
          'back',
          ',',
          '(',
          'year',
          'summer',
          'winter',
          'spring',
          'autumn',
          'fall',
        ].includes(pv)
      ) {
        if (!(k > from && !tokens[k - 1].word)) continue;
      }
      add(k, k + 1, `${yr}-01-01`, 'year');
      continue;
    }
    if (/^(1[89]|20)\d0s$/.test(l)) {
      add(k, k + 1, undefined, 'year', { historical: true });
      continue;
    }
    // Weekdays
    if (l in WEEKDAYS && (FULL_WEEKDAYS.has(l) || (t.cap && low(k + 1) === '.'))) {
      if (!t.cap) continue;
      const p = low(k - 1);
      const last = p === 'last' || p === 'previous';
      const next = p === 'next' || p === 'coming';
      let s = k;
      if (
        ['on', 'last', 'next', 'this', 'early', 'late', 'earlier', 'later', 'previous', 'coming'].includes(p)
      )
        s = k - 1;
      if (low(s - 1) === 'on' || low(s - 1) === 'earlier' || low(s - 1) === 'late') s--;
      let e = k + 1;
      if (PARTS_OF_DAY.has(low(e))) e++;
      if (next) {
        add(s, e, ref ? addDays(resolveWeekday(ref, WEEKDAYS[l]), 7) : undefined, 'day');
        out[out.length - 1].future = true;
      } else add(s, e, ref ? resolveWeekday(ref, WEEKDAYS[l], last) : undefined, 'day');
      k = e - 1;
      continue;
    }
    // "earlier in the day", "later that day"
    if (
      (l === 'earlier' || l === 'later') &&
      ((low(k + 1) === 'in' && low(k + 2) === 'the' && low(k + 3) === 'day') ||
        (low(k + 1) === 'that' && low(k + 2) === 'day'))
    ) {
      const e = low(k + 1) === 'in' ? k + 4 : k + 3;
      add(k, e, ref, 'day');
      k = e - 1;
      continue;
    }
    if (l === 'today' || l === 'tonight') {
      add(k, k + 1, ref, 'day');
      continue;
    }
    if (l === 'yesterday') {
      add(k, k + 1, ref ? addDays(ref, -1) : undefined, 'day');
      continue;
    }
    if (l === 'overnight') {
      add(k, k + 1, ref, 'day');
      continue;
    }
    if ((l === 'this' || l === 'last') && PARTS_OF_DAY.has(low(k + 1))) {
      add(k, k + 2, ref ? (l === 'last' ? addDays(ref, -1) : ref) : undefined, 'day');
      k++;
      continue;
    }
    // last week / last month / last year / the month before / the previous week
    if (
      (l === 'last' || l === 'previous' || l === 'past') &&
      ['week', 'month', 'year', 'weekend'].includes(low(k + 1))
    ) {
      const unit = low(k + 1);
      if (l === 'past' && unit !== 'weekend') continue; // "the past week" is a span up to now
      let s = k;
      if (low(k - 1) === 'the') s--;
      addUnit(add, s, k + 2, ref, unit, 1);
      k++;
      continue;
    }
    if (
      (l === 'week' || l === 'month' || l === 'year') &&
      low(k - 1) === 'the' &&
      ['before', 'earlier', 'prior'].includes(low(k + 1))
    ) {
      addUnit(add, k - 1, k + 2, ref, l, 1);
      k++;
      continue;
    }
    if (l === 'day' && low(k - 1) === 'the' && ['before', 'earlier', 'prior'].includes(low(k + 1))) {
      add(k - 1, k + 2, ref ? addDays(ref, -1) : undefined, 'day');
      k++;
      continue;
    }
    if (l === 'previous' && low(k + 1) === 'day') {
      add(k, k + 2, ref ? addDays(ref, -1) : undefined, 'day');
      k++;
      continue;
    }
    // N days/weeks/months/years ago|earlier|before
    const n = NUMBER_WORDS[l] ?? (/^\d{1,3}$/.test(l) ? Number(l) : undefined);
    if (n !== undefined && k + 2 < to + 1) {
      const unit = low(k + 1).replace(/s$/, '');
      const after = low(k + 2);
      if (
        ['day', 'week', 'month', 'year', 'decade'].includes(unit) &&
        ['ago', 'earlier', 'before'].includes(after)
      ) {
        addUnit(add, k, k + 3, ref, unit, n, true);
        k += 2;
        continue;
      }
      // "two years since ...", "10 years after ...": an anniversary (see the number words above).
      if ((unit === 'year' || unit === 'decade') && (after === 'since' || after === 'after')) {
        addUnit(add, k, k + 3, ref, unit, n);
        k += 2;
        continue;
      }
    }
    if ((l === 'years' || l === 'decades') && low(k + 1) === 'ago') {
      add(k, k + 2, undefined, 'year', { historical: true });
      k++;
      continue;
    }
    // Vague but current: "this week", "earlier this month", "in recent days"
    if (
      (l === 'this' && (low(k + 1) === 'week' || low(k + 1) === 'month')) ||
      (l === 'recent' && low(k + 1) === 'days')
    ) {
      add(k, k + 2, undefined, 'vague');
      k++;
      continue;
    }
  }
  return out;
}

function addUnit(
  add: (
    s: number,
    e: number,
    date: string | undefined,
    precision: DateExpr['precision'],
    opts?: Partial<DateExpr>,
  ) => void,
  s: number,
  e: number,
  ref: string | undefined,
  unit: string,
  n: number,
  anniversary = false,
) {
  const opts = anniversary ? { anniversary: true } : {};
  switch (unit) {
    case 'day':
      add(s, e, ref ? addDays(ref, -n) : undefined, 'day');
      break;
    case 'week':
    case 'weekend':
      add(s, e, ref ? addDays(ref, -7 * n) : undefined, 'day');
      break;
    case 'month':
      add(s, e, ref ? addMonths(ref, -n) : undefined, 'month');
      break;
    case 'year':
      add(s, e, ref ? addMonths(ref, -12 * n) : undefined, 'year', { historical: true, ...opts });
      break;
    case 'decade':
      add(s, e, undefined, 'year', { historical: true, ...opts });
      break;
  }
}
