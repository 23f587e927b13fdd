/**
 * Stage 4b, attribution and status: who says what (claims, reports, confirmations, denials), the
 * party of each sentence, quotes carried across sentences, and the status of a mention.
 */
import type { Side } from '../lexicon';
import type { EventType } from '../types';
import {
  type Attribution,
  type EventMention,
  type ExtractionContext,
  cueTag,
  mentionIndexAt,
  sentenceHas,
} from './context';
import { BE, CLAIM_WORDS, REPORTING } from './words';

const DENY_OBJECT_EXCLUDE = new Set([
  'responsibility',
  'involvement',
  'access',
  'entry',
  'permission',
  'visas',
  'visa',
  'allegations',
  'accusations',
  'wrongdoing',
  'targeting',
  'killing',
  'killings',
  'harming',
  'abuses',
  'abuse',
  'charges',
  'bail',
  'passage',
  'use',
  'a',
  'any',
  'having',
  'that',
]);

const CLAIM_OBJECT = new Set([
  'claim',
  'claims',
  'report',
  'reports',
  'statement',
  'statements',
  'announcement',
  'account',
  'version',
  'it',
  'this',
  'that',
  'them',
  'rumours',
  'rumors',
  'rumour',
  'rumor',
  'reporting',
  'assertion',
  'assertions',
  'allegation',
  'allegations',
  'the',
  'such',
  'these',
  'those',
  'any',
  'taliban',
  'speculation',
]);

const RUMOUR_WORDS = new Set([
  'reportedly',
  'allegedly',
  'purportedly',
  'apparently',
  'rumours',
  'rumors',
  'rumoured',
  'rumored',
  'rumour',
]);

const NOUN_DET = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'its',
  'their',
  'his',
  'her',
  "'s",
  'such',
  'any',
  'no',
  'similar',
  'earlier',
  'previous',
  'latest',
  'unverified',
  'unconfirmed',
  'false',
]);

/** "despite government claims that ...": the claim is a noun. */
const NOUN_CONTEXT = new Set([
  'despite',
  'amid',
  'contrary',
  'dismissed',
  'rejected',
  'denied',
  'denying',
  'dismissing',
  'rejecting',
  'disputed',
]);

/** Reporting words that are also nouns ("the claim", "reports of"). */
const NOUN_READINGS = new Set([
  'claim',
  'claims',
  'report',
  'reports',
  'statement',
  'confirmation',
  'denial',
  'denials',
]);

/** "could not be verified" about a figure or toll is not about the event. */
const FIGURE_WORDS = new Set([
  'figure',
  'figures',
  'toll',
  'tolls',
  'number',
  'numbers',
  'casualties',
  'casualty',
  'killed',
  'dead',
  'deaths',
  'death',
  'wounded',
  'injured',
  'losses',
  'tally',
  'count',
]);

// -------------------------------------------------------------------------------------------
// Attribution and status
export function sentenceAttributions(
  ctx: ExtractionContext,
  from: number,
  to: number,
  sent: number,
): Attribution[] {
  const { doc } = ctx;
  const out: Attribution[] = [];
  for (let k = from; k < to; k++) {
    const c = doc.cues[k];
    if (!c) continue;
    if (!REPORTING.includes(c.value)) continue;
    // "reported" as an adjective/participle ("the reported capture", "was reported in") is not a speaker.
    if (
      doc.lows[k] === 'reports' &&
      (doc.lows[k - 1] === 'the' || doc.lows[k - 1] === 'unconfirmed' || doc.lows[k - 1] === 'there')
    )
      continue;
    // Nouns ("the claim", "Taliban claims of", "a denial") are not speakers.
    if (
      NOUN_READINGS.has(doc.lows[k]) &&
      (NOUN_DET.has(doc.lows[k - 1] ?? '') ||
        doc.lows[k + 1] === 'of' ||
        [1, 2, 3].some((d) => NOUN_CONTEXT.has(doc.lows[k - d] ?? '')))
    )
      continue;
    if (doc.lows[k] === 'denial' || doc.lows[k] === 'denials') continue;
    const party = partyOf(ctx, k, c.end, from, to);
    let coordinated = false;
    for (let q = k - 1; q >= from && k - q < 10; q--) {
      const l = doc.lows[q];
      if (l === ',' || l === '"' || l === '“' || l === '”' || l === ';') break;
      if (
        l === 'and' ||
        l === 'but' ||
        l === 'while' ||
        l === 'as' ||
        l === 'after' ||
        l === 'before' ||
        l === 'when'
      ) {
        coordinated = true;
        break;
      }
    }
    out.push({ tag: c.value, pos: k, end: c.end, party, coordinated });
  }
  let party: Side | undefined;
  for (const a of out) if (a.party && a.party !== 'neutral') party = a.party;
  if (!party) for (const a of out) if (a.party) party = a.party;
  ctx.sentenceParty[sent] = party;
  if (party) ctx.lastParty = party;
  return out;
}

/** Who is speaking for a reporting cue at [k, end): the phrase before it, else after it. */
export function partyOf(
  ctx: ExtractionContext,
  k: number,
  end: number,
  from: number,
  to: number,
): Side | undefined {
  const { doc } = ctx;
  const { lows } = doc;
  const sideIn = (s: number, e: number): Side | undefined => {
    const sides = new Set<Side>();
    for (let j = s; j < e; j++) {
      if (
        mentionIndexAt(ctx.places, j) >= 0 &&
        ctx.places.mentions[mentionIndexAt(ctx.places, j)].kind !== 'country'
      )
        continue;
      const a = doc.actors[j];
      if (a) sides.add(a.def.side === 'foreign' ? 'government' : a.def.side);
      if (
        (lows[j] === 'spokesman' || lows[j] === 'spokeswoman' || lows[j] === 'spokesperson') &&
        (lows[j + 1] === 'for' || lows[j + 1] === 'of')
      ) {
        // "a spokesman for the Taliban"
        let q = j + 2;
        if (lows[q] === 'the') q++;
        const b = doc.actors[q];
        if (b) sides.add(b.def.side === 'foreign' ? 'government' : b.def.side);
      }
    }
    // Several sides speaking together ("residents and the group said") is an independent report.
    if (sides.size > 1) return 'neutral';
    return sides.values().next().value;
  };
  const pronoun = (s: number, e: number): Side | undefined => {
    for (let j = s; j < e; j++)
      if (['he', 'she', 'it', 'they', 'we'].includes(lows[j]))
        return ctx.lastParty ?? sentenceFirstParty(ctx, from, to);
    return undefined;
  };
  // Passive: "was confirmed by officials", "was denied by the governor" - the speaker follows "by".
  if (BE.has(lows[k - 1] ?? '') && lows[end] === 'by') {
    let e = end + 1;
    while (e < to && lows[e] !== ',' && lows[e] !== '.' && lows[e] !== ';' && e - end < 10) e++;
    return sideIn(end + 1, e) ?? pronoun(end + 1, e);
  }
  if (lows[k] === 'according') {
    let e = end;
    while (e < to && lows[e] !== ',' && lows[e] !== '.' && e - end < 14) e++;
    return sideIn(end, e) ?? pronoun(end, e);
  }
  // Before: the phrase right before the verb, back to a comma or clause start ("..., a provincial
  // lawmaker said"); if the verb follows a comma directly, the appositive between the two previous
  // commas ("Zabihullah Mujahid, a Taliban spokesman, said").
  const stopAt = (q: number) =>
    lows[q] === ',' ||
    lows[q] === '"' ||
    lows[q] === '“' ||
    lows[q] === '”' ||
    lows[q] === ';' ||
    lows[q] === ':' ||
    lows[q] === '—' ||
    lows[q] === '-' ||
    lows[q] === '(';
  let s = k - 1;
  while (s >= from && k - s < 14 && !stopAt(s)) s--;
  let before: Side | undefined;
  // Skip over adverbs/time words right before the verb ("officials said", "officials on Friday said").
  if (s < k - 1) before = sideIn(s + 1, k) ?? pronoun(Math.max(s + 1, k - 3), k);
  if (!before && s >= from && lows[s] === ',' && s === k - 1) {
    let s2 = s - 1;
    while (s2 >= from && k - s2 < 18 && !stopAt(s2)) s2--;
    before = sideIn(s2 + 1, s);
    if (!before && s2 >= from && lows[s2] === ',') {
      // "Name, title, said": also look at the name before the appositive.
      let s3 = s2 - 1;
      while (s3 >= from && s2 - s3 < 6 && !stopAt(s3)) s3--;
      before = sideIn(s3 + 1, s2);
    }
  }
  if (before) return before;
  let e = end;
  while (e < to && lows[e] !== '.' && lows[e] !== ';' && e - end < 14) {
    if (lows[e] === ',' && e > end + 1) break;
    e++;
  }
  return sideIn(end, e);
}

export function sentenceFirstParty(ctx: ExtractionContext, from: number, to: number): Side | undefined {
  for (let j = from; j < to; j++) {
    const a = ctx.doc.actors[j];
    if (a && a.def.side !== 'neutral') return a.def.side === 'foreign' ? 'government' : a.def.side;
  }
  return undefined;
}

/** Quoted sentences without their own speaker take the speaker of the sentence closing the quote. */
export function propagateQuotes(ctx: ExtractionContext): void {
  const { doc } = ctx;
  const isQuote = (r: string) => r === '"' || r === '“' || r === '”';
  let openSince = -1;
  for (const s of doc.sentences) {
    let q = 0;
    for (let k = s.tokStart; k < s.tokEnd; k++) if (isQuote(doc.tokens[k].raw)) q++;
    const startsQuoted = isQuote(doc.tokens[s.tokStart].raw);
    if (openSince < 0 && startsQuoted && q % 2 === 1) {
      openSince = s.index;
      continue;
    }
    if (openSince >= 0 && q % 2 === 1) {
      const attr = ctx.attributions[s.index];
      for (let j = openSince; j < s.index; j++) {
        if (!ctx.attributions[j].length && attr.length) {
          ctx.attributions[j] = attr.map((a) => ({
            ...a,
            pos: doc.sentences[j].tokEnd,
            end: doc.sentences[j].tokEnd,
          }));
          ctx.sentenceParty[j] = ctx.sentenceParty[s.index];
        }
      }
      openSince = -1;
    }
  }
}

/** Sentence-level cues whose scope is other sentences: "could not be independently verified", "officials denied the claim". */
export function sentenceCues(ctx: ExtractionContext, sent: number): void {
  const { doc } = ctx;
  const s = doc.sentences[sent];
  for (let k = s.tokStart; k < s.tokEnd; k++) {
    const tag = cueTag(ctx, k);
    if (!tag) continue;
    if (
      tag === 'UNVERIFIED' ||
      ((tag === 'VERIFY' || tag === 'CONFIRM') && negatedNear(ctx, k, s.tokStart))
    ) {
      let aboutFigure = false;
      for (let j = s.tokStart; j < s.tokEnd; j++) if (FIGURE_WORDS.has(doc.lows[j])) aboutFigure = true;
      if (!aboutFigure) ctx.unverifiedSents.add(sent);
    }
    if (tag === 'DENY' && !DENY_OBJECT_EXCLUDE.has(doc.lows[k + 1] ?? '')) ctx.denySents.add(sent);
    if (tag === 'FALSE') ctx.denySents.add(sent);
  }
  // "there were (unconfirmed) reports", "rumours" make a sentence weaker but not a claim.
}

export function negatedNear(ctx: ExtractionContext, k: number, sentStart: number): boolean {
  const { lows } = ctx.doc;
  for (let j = k - 1; j >= Math.max(sentStart, k - 5); j--) {
    const t = cueTag(ctx, j);
    if (
      t === 'NEG' ||
      t === 'FAIL_TO' ||
      ['unable', 'impossible', 'difficult', 'no', 'yet', 'not', 'without'].includes(lows[j])
    )
      return true;
    if (lows[j] === ',' || lows[j] === ';') break;
  }
  return false;
}

export function mentionStatus(
  ctx: ExtractionContext,
  i: number,
  end: number,
  sent: number,
  type: EventType,
  actorSide: Side | undefined,
): { status: EventMention['status']; why: string; rumour: boolean } {
  const { doc } = ctx;
  const { lows } = doc;
  const s = doc.sentences[sent];
  const attrs = ctx.attributions[sent];
  const rumour = sentenceHas(ctx, sent, RUMOUR_WORDS);
  // Denial scope: a denial verb before the trigger (complement), or after it with a claim-like object, or "false"/"baseless".
  for (const a of attrs) {
    if (a.tag !== 'DENY') continue;
    const next = lows[a.end] ?? '';
    if (DENY_OBJECT_EXCLUDE.has(next) && next !== 'that' && next !== 'a' && next !== 'any') continue;
    if (a.pos < i) {
      let blocked = false;
      for (let q = a.end; q < i; q++) {
        if (lows[q] === ';' || (cueTag(ctx, q) === 'BOUNDARY' && lows[q] === 'but')) blocked = true;
        // "rejected reports that X had fallen, saying fighters who infiltrated ... were driven out"
        const t = cueTag(ctx, q);
        if ((t === 'SAY' || t === 'CONFIRM' || t === 'CLAIM') && lows[q - 1] === ',') blocked = true;
      }
      if (!blocked) return { status: 'denied', why: 'denied', rumour };
    } else if (a.pos >= end) {
      // A denial after the event denies it unless the event is the denier's own quoted words
      // ('"...the enemy has been pushed back," the governor said, dismissing Taliban claims').
      let quotes = 0;
      for (let q = end; q < a.pos; q++) if (lows[q] === '"' || lows[q] === '“' || lows[q] === '”') quotes++;
      if (quotes % 2 === 1) continue;
      const passive = BE.has(lows[a.pos - 1]) || lows[a.end] === 'by';
      if (passive || CLAIM_OBJECT.has(next) || next === ',' || next === '.' || next === '')
        return { status: 'denied', why: 'denied-after', rumour };
    }
  }
  for (let k = s.tokStart; k < s.tokEnd; k++) {
    if (cueTag(ctx, k) !== 'FALSE') continue;
    if (k > end || (k < i && (CLAIM_WORDS.has(lows[k + 1]) || lows[k + 1] === 'reports')))
      return { status: 'denied', why: 'false', rumour };
  }
  if (ctx.unverifiedSents.has(sent)) return { status: 'claimed', why: 'unverified', rumour };

  // Governing reporting cue: the nearest before the trigger, else the nearest after it.
  let gov: Attribution | undefined;
  for (const a of attrs) if (a.pos < i && a.tag !== 'DENY') gov = a;
  if (!gov)
    for (const a of attrs)
      if (a.pos >= end && a.tag !== 'DENY' && !a.coordinated) {
        gov = a;
        break;
      }
  if (!gov) {
    if (rumour) return { status: 'reported', why: 'rumour', rumour };
    return { status: 'reported', why: 'unattributed', rumour };
  }
  if (gov.tag === 'CLAIM') {
    // "claimed responsibility for the attack on X": a claim by the attacker.
    return { status: 'claimed', why: 'claim-verb', rumour };
  }
  if (gov.tag === 'CONFIRM') {
    if (negatedNear(ctx, gov.pos, s.tokStart)) return { status: 'claimed', why: 'not-confirmed', rumour };
    if (gov.party && actorSide && gov.party === actorSide)
      return { status: 'claimed', why: 'self-confirmed', rumour };
    return { status: 'confirmed', why: 'confirmed', rumour };
  }
  // SAY / according to
  const selfServing =
    gov.party &&
    actorSide &&
    gov.party === actorSide &&
    (gov.party === 'insurgent' || type !== 'provincial_capital_attack');
  if (selfServing) return { status: 'claimed', why: `self-report:${gov.party}`, rumour };
  if (!gov.party) return { status: 'reported', why: 'said', rumour };
  return { status: 'reported_attr', why: `reported:${gov.party}`, rumour };
}

/** "Officials denied the claim", "dismissed the reports as propaganda", "The report is false". */
export function denialAboutClaims(ctx: ExtractionContext, sent: number): boolean {
  let v = ctx.denialCache.get(sent);
  if (v === undefined) {
    v = denialAboutClaimsUncached(ctx, sent);
    ctx.denialCache.set(sent, v);
  }
  return v;
}

export function denialAboutClaimsUncached(ctx: ExtractionContext, sent: number): boolean {
  const { doc } = ctx;
  const s = doc.sentences[sent];
  if (!s) return false;
  for (let k = s.tokStart; k < s.tokEnd; k++) {
    const t = cueTag(ctx, k);
    if (t === 'FALSE') return true;
    if (t === 'DENY') {
      for (let j = k + 1; j < Math.min(s.tokEnd, k + 5); j++)
        if (CLAIM_OBJECT.has(doc.lows[j]) && doc.lows[j] !== 'the') return true;
      if (BE.has(doc.lows[k - 1])) return true;
    }
  }
  return false;
}

export function isReportingAt(ctx: ExtractionContext, k: number): boolean {
  const t = cueTag(ctx, k);
  return !!t && REPORTING.includes(t);
}
