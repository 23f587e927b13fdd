/**
 * Stage 3, event type: a linked trigger becomes a typed event mention (capture, attack, crossing
 * control change, or a counter-reading), qualified by the modality, actor, date and status stages.
 */
import { SOFT_TARGETS, type TriggerCat } from '../lexicon';
import type { EventType } from '../types';
import {
  type ActorReading,
  actorFromHit,
  actorOf,
  fallbackInsurgent,
  finalActor,
  subjectActor,
} from './actor';
import { mentionStatus } from './attribution';
import {
  type ExtractionContext,
  type Link,
  type TriggerSite,
  mentionIndexAt,
  note,
  sentenceHas,
} from './context';
import { dateFor } from './event-date';
import { type Modality, modality } from './modality';
import { CLAIM_WORDS } from './words';

const CHANGE_MARKERS = new Set([
  'came',
  'come',
  'comes',
  'coming',
  'fell',
  'returned',
  'returning',
  'returns',
  'back',
  'brought',
  'passed',
  'placed',
  'put',
  'reverted',
  'restored',
]);

const UNOPPOSED = new Set(['unopposed', 'unchallenged', 'peacefully']);

// -------------------------------------------------------------------------------------------
// Mentions: modality, type, actor, status, date
/** What the trigger means here, with who acted: "entered unopposed" is a capture, "under government control" a hold. */
function readCategory(
  ctx: ExtractionContext,
  site: TriggerSite,
  link: Link,
  modal: Modality,
  why: string[],
): { cat: TriggerCat; strength: number; actorInfo: ActorReading } | undefined {
  const { start: i, end, def, passive, sent } = site;
  const { doc } = ctx;
  const place = link.place;
  const crossing = place.kind === 'border_crossing';
  let cat: TriggerCat = def.cat;
  let strength = def.strength;
  // "entered X unopposed / without a fight": a capture, not an attack.
  if (cat === 'enter' && unopposedAfter(ctx, link.mention.end, doc.sentences[sent].tokEnd)) {
    cat = 'capture';
    strength = 0.8;
    why.push('unopposed');
  }
  // "pushed the Taliban out of Spin Boldak": for a crossing, a retaking by the subject.
  let expelRetake = false;
  if (def.lemma === 'expel' && crossing) {
    cat = 'retake';
    expelRetake = true;
  }

  // Actor of the construction (who acted), before deciding the type.
  const actorInfo = expelRetake
    ? actorFromHit(ctx, subjectActor(ctx, i, doc.sentences[sent].tokStart), place)
    : actorOf(ctx, i, end, cat, passive, link, sent, def);
  let actorSide = actorInfo.side;

  // Stative control/hold: who holds it decides between capture and "still held".
  if (cat === 'control') {
    // "came/returned/was brought under government control" is a change; "remains under" is not.
    let change = false;
    for (let q = i - 1; q >= Math.max(doc.sentences[sent].tokStart, i - 4); q--)
      if (CHANGE_MARKERS.has(doc.lows[q])) change = true;
    if (actorSide === 'government' && change && !modal.noLonger) {
      cat = 'retake';
      why.push('change');
    } else if (actorSide === 'government' && !modal.noLonger) cat = 'hold';
    else if (actorSide === 'government' && modal.noLonger) {
      cat = 'capture';
      actorInfo.actor = undefined;
      actorInfo.explicit = false;
      actorInfo.side = 'insurgent';
      actorSide = 'insurgent';
    } else if (!actorSide) {
      if (def.lemma === 'under control' || def.lemma === 'in hands') return undefined; // "the situation is under control"
      cat = 'capture';
    } else cat = 'capture';
  }
  if (cat === 'hold' && actorSide === 'insurgent' && !modal.neg) cat = 'capture';
  if (cat === 'repel' && link.partial === undefined && crossing) return undefined;

  return { cat, strength, actorInfo };
}

/** The event type a trigger category gives at this place, and whether it is a counter-reading ("held"). */
function eventTypeOf(
  cat: TriggerCat,
  lemma: string,
  link: Link,
  why: string[],
): { type: EventType; counter: boolean } | undefined {
  const crossing = link.place.kind === 'border_crossing';
  let counter = false;
  // "withdrew from the airport of X" / "recaptured parts of X" say nothing about X as a whole.
  if (
    (lemma === 'withdraw' || cat === 'retake' || cat === 'retake_n') &&
    (link.partial === 'parts' || link.partial === 'inner')
  )
    return undefined;
  let type: EventType | undefined;
  const captureLike = [
    'capture',
    'retake',
    'fall',
    'surrender',
    'handover',
    'lose',
    'sweep',
    'capture_n',
    'retake_n',
    'control',
  ].includes(cat);
  const attackLike = [
    'attack',
    'attack_n',
    'enter',
    'fight_n',
    'fight_v',
    'repel',
    'defend',
    'under_attack',
  ].includes(cat);
  if (cat === 'hold') {
    type = crossing ? 'border_crossing_control_change' : 'provincial_capital_captured';
    counter = true;
  } else if (captureLike) {
    if (crossing && link.partial === 'seat') return undefined;
    if (crossing) type = 'border_crossing_control_change';
    else if (link.partial === 'inner' || link.partial === 'parts') {
      type = 'provincial_capital_attack';
      why.push('partial->attack');
    } else type = 'provincial_capital_captured';
    if (crossing && (link.partial === 'inner' || link.partial === 'parts')) return undefined;
  } else if (attackLike) {
    if (crossing) return undefined; // attacks on crossings are not an event type; a change of control is
    type = 'provincial_capital_attack';
  } else if (cat === 'capture' || cat === 'retake')
    type = crossing ? 'border_crossing_control_change' : 'provincial_capital_captured';
  if (!type) return undefined;
  return { type, counter };
}

/** How likely this one reading is right: trigger strength, how the place was linked, hedges. */
function mentionConfidence(
  strength: number,
  link: Link,
  modal: Modality,
  rumour: boolean,
  stative: boolean,
  counter: boolean,
): number {
  const linkQ: Record<Link['how'], number> = {
    obj: 1,
    subj: 0.97,
    prep: 0.92,
    rel: 0.9,
    list: 0.93,
    pronoun: 0.72,
    poss: 0.9,
    appos: 0.95,
    implicit: 0.75,
  };
  let conf = strength * linkQ[link.how] * link.mention.quality;
  if (link.partial === 'inner' || link.partial === 'parts') conf *= 0.85;
  if (modal.attempt) conf *= 0.85;
  if (modal.hedge) conf *= 0.9;
  if (rumour) conf *= 0.8;
  if (stative) conf *= 0.9;
  if (counter) conf *= 0.9;

  return conf;
}

// The stages in their order for one linked trigger (category, type, modality, actor, date, status,
// confidence); each step may drop the mention, so they read best in one place.
export function makeMention(ctx: ExtractionContext, site: TriggerSite, link: Link, stative: boolean): void {
  const { start: i, end, def, noun, sent } = site;
  const { doc } = ctx;
  const place = link.place;
  const modal = modality(ctx, i, end, def, noun, sent);
  const why: string[] = [`${def.lemma}/${link.how}${link.partial ? '/' + link.partial : ''}`];

  const reading = readCategory(ctx, site, link, modal, why);
  if (!reading) return;
  const { cat, strength, actorInfo } = reading;

  const typed = eventTypeOf(cat, def.lemma, link, why);
  if (!typed) return;
  let { type, counter } = typed;
  // "the attack on Kabul airport", "rockets hit the hospital in X": not an assault on the city.
  if (
    type === 'provincial_capital_attack' &&
    link.partial === 'inner' &&
    ['attack', 'attack_n', 'under_attack'].includes(cat) &&
    softTarget(ctx, link, i)
  ) {
    note(ctx, type, place, sent, 'soft-target', why);
    return;
  }

  // Attempts and failures: a capture that was tried is an attack.
  if (modal.attempt && type === 'provincial_capital_captured') {
    type = 'provincial_capital_attack';
    why.push('attempt->attack');
  } else if (modal.attempt && type === 'border_crossing_control_change') {
    if (modal.fail) return;
    why.push('attempt');
    return;
  }
  if (modal.hypothetical) {
    note(ctx, type, place, sent, 'hypothetical', why.concat(modal.why));
    return;
  }
  if (modal.neg && !modal.attempt) {
    if (type === 'provincial_capital_attack') {
      note(ctx, type, place, sent, 'negated', why.concat(modal.why));
      return;
    }
    counter = !counter;
    if (!counter) {
      // negated hold ("did not hold") = it fell
      why.push('neg-hold');
    }
  }

  // Actor: who now holds it (captures) / who attacked. For a counter-reading ("has not fallen",
  // "remains in government hands") the event is the claimed capture: its actor is the would-be
  // capturer - the other side of the holder.
  let actor = finalActor(ctx, actorInfo, cat, place, counter);
  if (counter) {
    const holderIsInsurgent = cat === 'hold' && actorInfo.side === 'insurgent';
    if (cat === 'hold' || !actorInfo.actor)
      actor = holderIsInsurgent
        ? { actor: 'government forces', side: 'government', explicit: false }
        : { actor: fallbackInsurgent(ctx, place), side: 'insurgent', explicit: false };
  }

  // Date
  const dateExpr = dateFor(ctx, i, end, sent, stative);
  if (dateExpr?.future) {
    note(ctx, type, place, sent, 'future', why);
    return;
  }
  if (dateExpr?.historical || (modal.historic && !dateExpr?.date)) {
    ctx.historicalKeys.set(
      `${type}|${place.id}|${sent}`,
      Math.min(i, ctx.historicalKeys.get(`${type}|${place.id}|${sent}`) ?? Infinity),
    );
    note(ctx, type, place, sent, 'historical', why);
    return;
  }

  // Status
  const statusReading = mentionStatus(ctx, i, end, sent, type, actor.side);
  why.push(statusReading.why);
  let status = statusReading.status;
  if (counter && status !== 'denied') status = 'denied';

  const conf = mentionConfidence(strength, link, modal, statusReading.rumour, stative, counter);

  const evidence = new Set<number>([sent]);
  if (link.mention.antecedentSent !== undefined && link.mention.antecedentSent !== sent)
    evidence.add(link.mention.antecedentSent);
  if (link.how === 'pronoun') {
    const m = link.mention;
    if (m.sent !== sent) evidence.add(m.sent);
  }
  const claimWords =
    sentenceHas(ctx, sent, CLAIM_WORDS) ||
    (counter &&
      ((sent > 0 && sentenceHas(ctx, sent - 1, CLAIM_WORDS)) ||
        (sent + 1 < doc.sentences.length && sentenceHas(ctx, sent + 1, CLAIM_WORDS))));
  ctx.mentions.push({
    type,
    place,
    sent,
    tok: i,
    evidence,
    counter,
    status,
    actor: actor.actor,
    actorExplicit: actor.explicit,
    date: dateExpr?.date,
    dateExplicit: !!dateExpr?.date,
    dateApprox: !!dateExpr?.approx || dateExpr?.precision === 'month' || dateExpr?.precision === 'year',
    confidence: conf,
    claimWords,
    stative,
    weakAttack: weakAttack(cat, doc.lows[end], link),
    debug: ctx.keepDebug ? why.concat(modal.why).join(' ') : undefined,
  });
  note(ctx, type, place, sent, undefined, why.concat(modal.why), status, counter);
}

/** Is the building or quarter linked to the city a soft target (airport, hospital, market ...)? */
/** An attack a capture of the same place subsumes: "entered", "defended", an implicit city, and
 * "the fighting for X" (the battle for control). */
function weakAttack(cat: TriggerCat, next: string, link: Link): boolean {
  return (
    cat === 'enter' || cat === 'defend' || (cat === 'fight_n' && next === 'for') || link.how === 'implicit'
  );
}

export function softTarget(ctx: ExtractionContext, link: Link, i: number): boolean {
  const { lows } = ctx.doc;
  if (link.mention.modifierHead && SOFT_TARGETS.has(link.mention.modifierHead)) return true;
  const s = ctx.doc.sentences[ctx.doc.sentOf[i]];
  for (let k = i; k < Math.min(s.tokEnd, i + 8); k++) {
    if (SOFT_TARGETS.has(lows[k])) return true;
    if (mentionIndexAt(ctx.places, k) >= 0 && k > i) break;
  }
  return false;
}

export function unopposedAfter(ctx: ExtractionContext, from: number, limit: number): boolean {
  const { lows } = ctx.doc;
  for (let k = from; k < Math.min(limit, from + 10); k++) {
    const l = lows[k];
    if (UNOPPOSED.has(l)) return true;
    if (
      (l === 'without' || l === 'no' || l === 'little') &&
      ['resistance', 'fight', 'shot', 'opposition', 'fighting', 'bloodshed'].some((w) =>
        lows.slice(k + 1, k + 4).includes(w),
      )
    )
      return true;
    if (l === ';' || l === '.') break;
  }
  return false;
}
