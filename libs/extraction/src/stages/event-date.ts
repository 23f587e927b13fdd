/**
 * Stage 6, date: the date of a mention from the time expressions of its clause and sentence.
 */
import { type DateExpr, HISTORICAL_DAYS, addDays, daysBetween } from '../dates';
import type { ExtractionContext } from './context';

/** Sentences back an undated event looks for the sentence that announced it ("an attack on a capital"). */
const ANNOUNCE_WINDOW = 3;

const GENERIC_TARGETS = new Set(['capital', 'city', 'crossing', 'town']);

const INDEFINITE = new Set(['a', 'an', 'another']);

const RELATIVE_PRONOUNS = new Set(['who', 'which', 'whom', 'whose', 'where']);

function relativeBetween(ctx: ExtractionContext, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (RELATIVE_PRONOUNS.has(ctx.doc.lows[k])) return true;
  return false;
}

export function dateFor(
  ctx: ExtractionContext,
  i: number,
  end: number,
  sent: number,
  stative: boolean,
): DateExpr | undefined {
  const { doc } = ctx;
  const s = doc.sentences[sent];
  const cs = doc.clauseStart[i];
  // "..., a day after the insurgents overran Zaranj": relative to the main clause's date.
  const rel = relativeClauseDate(ctx, cs, s.tokStart);
  if (rel) return rel;
  let best: DateExpr | undefined;
  let bestD = Infinity;
  let clauseEnd = s.tokEnd;
  for (let k = end; k < s.tokEnd; k++) {
    if (doc.clauseStart[k] !== cs) {
      clauseEnd = k;
      break;
    }
  }
  // "have recaptured X, a year after the militants overran it": the anniversary dates what follows it.
  const candidates = datesOf(ctx, sent).filter(
    (d) => (!d.comparative || stative) && !(d.anniversary && d.tokStart >= end),
  );
  for (const d of candidates) {
    if (d.tokStart < cs || d.tokStart >= clauseEnd) continue;
    if (!d.date && !d.historical && d.precision !== 'vague') continue;
    // "have taken X, a refuge for thousands who fled Y at the start of the war": background in a
    // relative clause after the object dates that clause's verb, not the trigger.
    if (d.historical && d.tokStart >= end && relativeBetween(ctx, end, d.tokStart)) continue;
    const dist = d.tokStart >= end ? d.tokStart - end : i - d.tokEnd;
    if (dist < bestD) [best, bestD] = [d, dist];
  }
  if (best) return best;
  // Outside the clause: only if no other trigger sits between (the date belongs to that other verb).
  for (const d of candidates) {
    if (!d.date && !d.historical) continue;
    if (d.historical && d.tokStart >= end && relativeBetween(ctx, end, d.tokStart)) continue;
    const lo = Math.min(d.tokEnd, i);
    const hi = Math.max(d.tokStart, end);
    let other = false;
    for (let k = lo; k < hi; k++) if ((doc.triggers[k] || doc.nouns[k]) && (k < i || k >= end)) other = true;
    if (other) continue;
    const dist = d.tokStart >= end ? d.tokStart - end : i - d.tokEnd;
    if (dist < bestD) [best, bestD] = [d, dist];
  }
  return best ?? (candidates.length ? undefined : announcedDate(ctx, sent));
}

/**
 * "Earlier on Wednesday, the Taliban launched an attack on a provincial capital. [...] Fighting
 * exploded in Qala-i-Naw, the capital of Badghis": an undated sentence naming the place takes the
 * date of a sentence just before it that announced the same kind of event at an unnamed ("a")
 * capital, city or crossing.
 */
export function announcedDate(ctx: ExtractionContext, sent: number): DateExpr | undefined {
  const { doc } = ctx;
  for (let prev = sent - 1; prev >= Math.max(0, sent - ANNOUNCE_WINDOW); prev--) {
    const s = doc.sentences[prev];
    let generic = false;
    let trigger = false;
    for (let k = s.tokStart; k < s.tokEnd; k++) {
      if (doc.triggers[k] || doc.nouns[k]) trigger = true;
      if (GENERIC_TARGETS.has(doc.lows[k]) && INDEFINITE.has(doc.lows[k - 1] ?? '')) generic = true;
      if (GENERIC_TARGETS.has(doc.lows[k]) && INDEFINITE.has(doc.lows[k - 2] ?? '')) generic = true;
    }
    if (!generic || !trigger) continue;
    const d = datesOf(ctx, prev).find((e) => e.date && e.precision === 'day' && !e.comparative && !e.future);
    if (d) return { ...d, approx: true };
  }
  return undefined;
}

export function datesOf(ctx: ExtractionContext, sent: number): DateExpr[] {
  if (!ctx.datesBySent) {
    ctx.datesBySent = ctx.doc.sentences.map(() => []);
    for (const d of ctx.doc.dates) ctx.datesBySent[ctx.doc.sentOf[d.tokStart]].push(d);
  }
  return ctx.datesBySent[sent];
}

export function relativeClauseDate(
  ctx: ExtractionContext,
  cs: number,
  sentStart: number,
): DateExpr | undefined {
  const { doc } = ctx;
  const { lows } = doc;
  const conj = lows[cs];
  if (conj !== 'after' && conj !== 'before') return undefined;
  const unit = (lows[cs - 1] ?? '').replace(/s$/, '');
  const nw = lows[cs - 2] ?? '';
  const n =
    nw === 'a' || nw === 'one'
      ? 1
      : (({ two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10 } as Record<string, number>)[nw] ??
        (/^\d{1,2}$/.test(nw) ? Number(nw) : undefined));
  if (n === undefined) return undefined;
  const days = unit === 'day' ? n : unit === 'week' ? 7 * n : unit === 'hour' ? 0 : undefined;
  if (days === undefined) return undefined;
  // The main clause's date: the nearest dated expression before the "N days after" phrase, else the reference.
  let main: string | undefined;
  for (const d of doc.dates)
    if (d.tokStart >= sentStart && d.tokEnd <= cs - 2 && d.date && d.precision === 'day' && !d.comparative)
      main = d.date;
  main = main ?? doc.ref;
  if (!main) return undefined;
  const date = addDays(main, conj === 'after' ? -days : days);
  return {
    tokStart: cs - 2,
    tokEnd: cs,
    date,
    precision: 'day',
    historical: doc.ref ? daysBetween(date, doc.ref) > HISTORICAL_DAYS : false,
    future: false,
    comparative: false,
    approx: true,
  };
}
