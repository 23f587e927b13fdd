/**
 * Stage 7, merge and confidence: mentions become one event per (type, place), with the status,
 * actor, date and confidence the mentions support together, and the evidence sentences.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import type { EventLocation, EventStatus, EventType, Evidence, ExtractedEvent } from '../types';
import { denialAboutClaims } from './attribution';
import type { EventMention, ExtractionContext } from './context';

/** Longest evidence text (the contract allows 5,000 characters). */
const MAX_EVIDENCE_CHARS = 2000;

const STATUS_RANK: Record<EventMention['status'], number> = {
  confirmed: 4,
  reported_attr: 3,
  reported: 2,
  claimed: 1,
  denied: 0,
};

// -------------------------------------------------------------------------------------------
// Aggregation: one event per (type, place)
/** Sentence-level denials and "could not be verified" reach back to the claims before them. */
function applySentenceCues(ctx: ExtractionContext): void {
  // Sentence-level denials and "could not be verified" reach back to the claims before them.
  for (const m of ctx.mentions) {
    for (const d of [m.sent, m.sent + 1, m.sent + 2]) {
      if (d !== m.sent && sentenceHasTrigger(ctx, d) && !denialAboutClaims(ctx, d)) continue;
      if (
        ctx.unverifiedSents.has(d) &&
        (m.status === 'reported' || m.status === 'reported_attr' || m.status === 'claimed')
      ) {
        m.status = 'claimed';
        m.evidence.add(d);
      }
      if (
        d !== m.sent &&
        ctx.denySents.has(d) &&
        m.type !== 'provincial_capital_attack' &&
        m.status !== 'confirmed' &&
        denialAboutClaims(ctx, d)
      ) {
        // (also when the denying sentence has events of its own: "the claim was baseless and the attack was repelled")
        m.status = 'denied';
        m.evidence.add(d);
      }
    }
  }
}

/** Mentions by (type, place), leaving out undated retellings of a historical one in the same sentence. */
function groupMentions(ctx: ExtractionContext): Map<string, EventMention[]> {
  const groups = new Map<string, EventMention[]>();
  for (const m of ctx.mentions) {
    const hist = ctx.historicalKeys.get(`${m.type}|${m.place.id}|${m.sent}`);
    if (!m.dateExplicit && hist !== undefined && m.tok > hist) continue;
    const key = `${m.type}|${m.place.id}`;
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  return groups;
}

/** Actor: explicit over inferred; for a control change the latest dated change (a report may tell of the Taliban taking a town and of government forces retaking it). */
function mergedActor(basis: EventMention[], type: EventType): string | undefined {
  const sorted = [...basis].sort((a, b) => {
    if (type !== 'provincial_capital_attack') {
      // The latest dated change of control is the current holder ("retaken in June, fell again on Sunday").
      if (a.date && b.date && a.dateExplicit && b.dateExplicit && a.date !== b.date)
        return a.date < b.date ? 1 : -1;
    }
    const ea = a.actorExplicit ? 1 : 0;
    const eb = b.actorExplicit ? 1 : 0;
    if (ea !== eb) return eb - ea;
    if (type !== 'provincial_capital_attack') {
      const da = a.dateExplicit ? 1 : 0;
      const db = b.dateExplicit ? 1 : 0;
      if (da !== db) return db - da;
      // Undated disagreement ("despite claims it had been retaken, it remains under Taliban
      // control"): the better-attested reading.
      return STATUS_RANK[b.status] - STATUS_RANK[a.status];
    }
    return 0;
  });
  return sorted[0].actor;
}

/** Status from the mentions of that same change (not of an earlier one by the other side). */
function mergedStatus(
  pos: EventMention[],
  counters: EventMention[],
  actor: string | undefined,
  type: EventType,
): EventStatus {
  const same = pos.filter((m) => !m.actor || m.actor === actor || type === 'provincial_capital_attack');
  let status: EventStatus;
  if (same.some((m) => m.status === 'confirmed')) status = 'confirmed';
  else if (
    same.some((m) => m.status === 'denied') ||
    (counters.length && type !== 'provincial_capital_attack')
  )
    status = 'denied';
  else if (same.some((m) => m.status === 'reported_attr')) status = 'reported';
  else if (same.some((m) => m.status === 'claimed')) status = 'claimed';
  else status = 'reported';

  return status;
}

/** An attack dates from its first day (derived dates count); a change of control from its latest stated date. */
function mergedDate(
  ctx: ExtractionContext,
  basis: EventMention[],
  actor: string | undefined,
  type: EventType,
): string | undefined {
  const datedAll = basis.filter(
    (m) =>
      m.dateExplicit && m.date && (!m.actor || m.actor === actor || type === 'provincial_capital_attack'),
  );
  // "were in control of it on Thursday, a day after they overran it": the change, not the state, dates it.
  const changes = datedAll.filter((m) => !m.stative);
  const dated = changes.length ? changes : datedAll;
  const precise = dated.filter((m) => !m.dateApprox);
  // An attack dates from its first day (derived dates count); a change of control from its latest stated date.
  const explicitDates = (type === 'provincial_capital_attack' ? dated : precise.length ? precise : dated).map(
    (m) => m.date!,
  );
  let eventDate: string | undefined;
  if (explicitDates.length) {
    explicitDates.sort();
    eventDate =
      type === 'provincial_capital_attack' ? explicitDates[0] : explicitDates[explicitDates.length - 1];
  } else eventDate = ctx.doc.ref;
  return eventDate;
}

/** One event per (type, place) from the mentions of the report. */
export function aggregate(ctx: ExtractionContext, reportId: string): ExtractedEvent[] {
  applySentenceCues(ctx);
  const groups = groupMentions(ctx);
  const events: ExtractedEvent[] = [];
  for (const [key, ms] of groups) {
    if (ms[0].type === 'provincial_capital_attack' && ms.every((m) => m.weakAttack)) {
      const cap = groups.get(key.replace('provincial_capital_attack', 'provincial_capital_captured'));
      if (cap && cap.some((m) => !m.counter && m.status !== 'denied')) continue;
    }
    const pos = ms.filter((m) => !m.counter);
    // "had not yet fallen by Sunday, but by Monday it was in Taliban hands": an earlier-dated
    // counter-reading does not deny a later change.
    const latestPos = pos
      .filter((m) => m.dateExplicit && m.date)
      .reduce((d, m) => (m.date! > d ? m.date! : d), '');
    const counters = ms.filter(
      (m) => m.counter && !(latestPos && m.dateExplicit && m.date && m.date < latestPos),
    );
    if (!pos.length) {
      // Only "the city has not fallen": an event only if the report speaks of a claim or rumour to deny.
      if (!counters.some((c) => c.claimWords)) continue;
    }
    const type = ms[0].type;
    const basis = pos.length ? pos : counters;
    const actor = mergedActor(basis, type);
    const status = mergedStatus(pos, counters, actor, type);

    const eventDate = mergedDate(ctx, basis, actor, type);
    let miss = 1;
    for (const m of ms) miss *= 1 - m.confidence;
    const confidence = Math.round(Math.min(0.99, 1 - miss) * 100) / 100;
    const sents = new Set<number>();
    const anchors = new Map<number, number>();
    for (const m of ms) {
      for (const s of m.evidence) sents.add(s);
      if (!anchors.has(m.sent)) anchors.set(m.sent, m.tok);
    }
    const evidence: Evidence[] = [...sents]
      .sort((a, b) => a - b)
      .slice(0, 20)
      .map((si) => evidenceSpan(ctx, si, anchors.get(si)));
    const place = ms[0].place;
    const location: EventLocation = {
      id: place.id,
      name: place.name,
      kind: place.kind,
      province: place.province,
      country: place.country,
    };
    if (place.neighbor) location.neighbor = place.neighbor;
    if (place.lat !== undefined && place.lon !== undefined) {
      location.lat = place.lat;
      location.lon = place.lon;
    }
    const ev: ExtractedEvent = {
      id: eventId(reportId, type, place.id),
      reportId,
      type,
      location,
      status,
      confidence,
      evidence,
    };
    if (actor) ev.actor = actor;
    if (eventDate) ev.eventDate = eventDate;
    // Keep key order stable and readable.
    events.push({
      id: ev.id,
      reportId,
      type,
      location,
      ...(ev.actor ? { actor: ev.actor } : {}),
      status,
      ...(eventDate ? { eventDate } : {}),
      confidence,
      evidence,
    });
  }
  events.sort((a, b) => a.evidence[0].start - b.evidence[0].start || a.type.localeCompare(b.type));
  return events;
}

/**
 * The sentence as evidence; a run-on "sentence" longer than MAX_EVIDENCE_CHARS (a table, a
 * list without punctuation) is cut to a window around the trigger, on token boundaries.
 */
export function evidenceSpan(ctx: ExtractionContext, si: number, anchor: number | undefined): Evidence {
  const { doc } = ctx;
  const s = doc.sentences[si];
  let start = s.start;
  let end = s.end;
  if (end - start > MAX_EVIDENCE_CHARS) {
    const a = anchor !== undefined ? doc.tokens[anchor] : doc.tokens[s.tokStart];
    const half = MAX_EVIDENCE_CHARS / 2;
    let lo = s.tokStart;
    while (lo < s.tokEnd && doc.tokens[lo].start < a.start - half) lo++;
    let hi = s.tokEnd - 1;
    while (hi > lo && doc.tokens[hi].end > a.end + half) hi--;
    start = doc.tokens[lo].start;
    end = doc.tokens[hi].end;
  }
  return { text: doc.text.slice(start, end), start, end };
}

export function sentenceHasTrigger(ctx: ExtractionContext, sent: number): boolean {
  if (!ctx.mentionSents) ctx.mentionSents = new Set(ctx.mentions.map((m) => m.sent));
  return ctx.mentionSents.has(sent);
}

const oneShotHash = (crypto as unknown as { hash?: (alg: string, data: string) => string }).hash;
/** First 24 hex chars of sha256(`${reportId}|${type}|${locationId}`). */
export function eventId(reportId: string, type: EventType, locationId: string): string {
  const data = `${reportId}|${type}|${locationId}`;
  // crypto.hash (Node >= 20.12) is the same digest without the Hash object, ~4x faster.
  return (oneShotHash ? oneShotHash('sha256', data) : createHash('sha256').update(data).digest('hex')).slice(
    0,
    24,
  );
}
