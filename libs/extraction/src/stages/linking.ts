/**
 * Stage 2, linking: from a trigger to the place(s) it is about, by the trigger's category (object,
 * subject, preposition, relative clause), then one mention per linked place.
 */
import type { TriggerCat, TriggerDef } from '../lexicon';
import { lastPlaceBefore } from '../places';
import { bombing } from './candidates';
import {
  type ExtractionContext,
  type Link,
  type TriggerSite,
  isTarget,
  lowAt,
  mentionIndexAt,
} from './context';
import { findObject, findPrepPlace } from './link-object';
import { findSubject, firstToFall, reducedRelative, relativeAntecedent } from './link-subject';
import { makeMention } from './mention';
import { ADVERBS, BE } from './words';

const FIGHT_PREPS = new Set([
  'in',
  'inside',
  'within',
  'around',
  'for',
  'at',
  'across',
  'over',
  'outside',
  'into',
  'throughout',
  'on',
  'through',
]);

const ATTACK_PREPS = new Set(['on', 'against', 'upon', 'into', 'at', 'in', 'inside', 'for']);

const FIGHT_BRIDGE = new Set([
  'broke',
  'out',
  'raged',
  'rage',
  'raging',
  'continued',
  'continues',
  'continuing',
  'erupted',
  'erupt',
  'exploded',
  'intensified',
  'was',
  'were',
  'is',
  'are',
  'has',
  'have',
  'had',
  'been',
  'reported',
  'took',
  'place',
  'flared',
  'spread',
  'heavy',
  'fierce',
  'intense',
  'ongoing',
  'also',
  'still',
  'between',
  'and',
  'the',
  'afghan',
  'with',
  'overnight',
  'since',
  'sporadic',
  'street',
  'street-to-street',
  'house-to-house',
  'late',
  'early',
  'a',
  'day',
  'of',
  'on',
  'near',
  'edge',
  'under',
  'way',
  'underway',
  'fresh',
  'renewed',
  'intensifying',
  'reportedly',
  'heard',
  'gunfire',
  'explosions',
  'by',
  'days',
  'weeks',
  'hours',
  'months',
  'several',
  'two',
  'three',
  'four',
  'five',
  'six',
  'many',
  'nights',
  'night',
  'morning',
  'afternoon',
  'evening',
  'past',
  'last',
  'first',
  'time',
  'second',
  'third',
  'fourth',
  'fifth',
  'straight',
  'consecutive',
  'another',
  'more',
  'than',
  'almost',
  'nearly',
  'some',
]);

const REPEL_PREPS = new Set(['from', 'in', 'at', 'on', 'around', 'inside', 'outside', 'near', 'against']);

/** The linker of each trigger category. */
const LINKERS: Record<TriggerCat, (ctx: ExtractionContext, site: TriggerSite, links: Link[]) => void> = {
  capture: linkChange,
  retake: linkChange,
  lose: linkChange,
  handover: linkChange,
  sweep: linkChange,
  enter: linkChange,
  attack: linkChange,
  defend: linkChange,
  control: linkControl,
  hold: linkHold,
  fall: linkFall,
  surrender: linkFall,
  under_attack: linkFall,
  capture_n: linkNominal,
  retake_n: linkNominal,
  attack_n: linkNominal,
  fight_n: linkFighting,
  fight_v: linkFighting,
  repel: linkRepel,
};

/** Links a trigger to the place(s) it is about and makes one mention per linked place. */
export function handleTrigger(
  ctx: ExtractionContext,
  start: number,
  end: number,
  def: TriggerDef,
  noun: boolean,
  sent: number,
): void {
  const site: TriggerSite = {
    start,
    end,
    def,
    noun,
    sent,
    passive: !noun && isPassive(ctx, start, end, def),
  };
  const links: Link[] = [];
  LINKERS[def.cat](ctx, site, links);
  // "under Taliban control", "in government hands": a state, not a change
  const stative = def.cat === 'control';
  for (const link of links) makeMention(ctx, site, link, stative);
}

/** "seized X", "X was captured", "the city the Taliban took": object, passive subject or relative antecedent. */
function linkChange(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end, def, passive } = site;
  const s = ctx.doc.sentences[site.sent];
  const cat = site.def.cat;
  if (passive) {
    linkPassiveSubject(ctx, i, s.tokStart, links);
  } else {
    const o = findObject(ctx, sharedObjectStart(ctx, end), s.tokEnd, def);
    if (o) pushLinks(ctx, links, o, 'obj');
    else {
      const rel = relativeAntecedent(ctx, i, s.tokStart) ?? reducedRelative(ctx, i, s.tokStart);
      if (rel) links.push(rel);
      else if (def.lemma === 'take' && lowAt(ctx.doc, end) === 'power') {
        const p = findPrepPlace(ctx, end + 1, s.tokEnd, new Set(['in']), FIGHT_BRIDGE);
        if (p) links.push(p);
      } else if (cat === 'capture' || cat === 'retake') {
        // "the city the Taliban captured": nothing to the right, a place right before the subject.
      }
    }
  }
}

/** "under Taliban control", "in Taliban hands", "X is controlled by", "they control X": stative. */
function linkControl(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end, def, passive } = site;
  const s = ctx.doc.sentences[site.sent];
  if (def.lemma === 'under control' || def.lemma === 'in hands') {
    pushLinks(ctx, links, findSubject(ctx, i, s.tokStart), 'subj');
  } else if (passive || lowAt(ctx.doc, end) === 'by') {
    pushLinks(ctx, links, findSubject(ctx, i, s.tokStart), 'subj');
  } else {
    const o = findObject(ctx, end, s.tokEnd, def);
    if (o) pushLinks(ctx, links, o, 'obj');
  }
}

/** "forces held X", "X held": object, or an intransitive subject with nothing after it. */
function linkHold(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end, def, passive } = site;
  const s = ctx.doc.sentences[site.sent];
  if (passive) {
    linkPassiveSubject(ctx, i, s.tokStart, links);
  } else {
    const o = findObject(ctx, sharedObjectStart(ctx, end), s.tokEnd, def);
    if (o && !o.partial) pushLinks(ctx, links, o, 'obj');
    else if (!o) {
      const subj = findSubject(ctx, i, s.tokStart);
      // "the provincial capital held": intransitive only when nothing follows but time/punctuation.
      const nx = lowAt(ctx.doc, end);
      if (
        subj &&
        (nx === '' ||
          nx === ',' ||
          nx === '.' ||
          nx === ';' ||
          nx === 'out' ||
          nx === 'firm' ||
          nx === 'on' ||
          nx === 'for' ||
          nx === 'and' ||
          nx === 'but')
      )
        pushLinks(ctx, links, subj, 'subj');
    }
  }
}

/** "X fell", "X surrendered", "X came under attack": the subject (or the first of a list to fall). */
function linkFall(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end, def, passive } = site;
  const s = ctx.doc.sentences[site.sent];
  const cat = site.def.cat;
  const subj = findSubject(ctx, i, s.tokStart);
  if (subj) pushLinks(ctx, links, subj, 'subj');
  else if (cat === 'surrender' && !passive) {
    const o = findObject(ctx, end, s.tokEnd, def);
    if (o) pushLinks(ctx, links, o, 'obj');
    else {
      const p = findPrepPlace(ctx, end, s.tokEnd, new Set(['in', 'at']), FIGHT_BRIDGE);
      if (p) links.push(p);
    }
  } else if (cat === 'fall') {
    const first = firstToFall(ctx, i, s.tokStart);
    if (first) links.push(first);
  }
}

/** "the capture of X", "an attack on X", "X's fall": the prepositional object or the possessor. */
function linkNominal(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end, def } = site;
  const s = ctx.doc.sentences[site.sent];
  const cat = site.def.cat;
  const next = lowAt(ctx.doc, end);
  if (next === 'of' || (cat === 'attack_n' && ATTACK_PREPS.has(next))) {
    if (cat === 'attack_n' && (next === 'in' || next === 'at' || next === 'inside') && bombing(ctx, i))
      return;
    if (cat === 'attack_n' && bombing(ctx, i)) return;
    const o = findObject(ctx, end + 1, s.tokEnd, def, true);
    if (o) pushLinks(ctx, links, o, 'prep');
  } else if (
    cat === 'attack_n' &&
    (next === 'by' || next === 'launched' || next === 'was' || next === 'came')
  ) {
    // "an attack by the Taliban on X" / "the attack launched on X": look a little further for on/against.
    const p = findPrepPlace(ctx, end, s.tokEnd, new Set(['on', 'against']), FIGHT_BRIDGE);
    if (p && !bombing(ctx, i)) links.push(p);
  }
  // "X's fall", "the city's capture"
  if (!links.length && lowAt(ctx.doc, i - 1) === "'s") {
    const mi = mentionIndexAt(ctx.places, i - 2);
    if (mi >= 0) {
      const m = ctx.places.mentions[mi];
      if (m.place && (m.kind === 'place' || m.kind === 'coref'))
        links.push({ mention: m, place: m.place, how: 'poss' });
    }
  }
}

/** "fighting in X", "X, where fighters are battling": a preposition or the relative antecedent. */
function linkFighting(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end } = site;
  const s = ctx.doc.sentences[site.sent];
  const p = findPrepPlace(ctx, end, s.tokEnd, FIGHT_PREPS, FIGHT_BRIDGE);
  if (p) links.push(p);
  else {
    // "Kunduz, where Taliban fighters are battling government forces"
    const rel = relativeAntecedent(ctx, i, s.tokStart, true);
    if (rel) links.push(rel);
  }
}

/** "repelled an attack on X", "pushed out of X": where the attackers were repelled. */
function linkRepel(ctx: ExtractionContext, site: TriggerSite, links: Link[]): void {
  const { start: i, end, def, passive, sent } = site;
  const s = ctx.doc.sentences[site.sent];
  if (def.lemma === 'expel') {
    const o = findObject(ctx, end, s.tokEnd, def, true);
    if (o) links.push({ mention: o.mention, place: o.place, how: 'prep', partial: o.partial });
    return;
  }
  const p = findPrepPlace(ctx, end, s.tokEnd, REPEL_PREPS, FIGHT_BRIDGE, true);
  if (p) links.push(p);
  else if (!passive) {
    // "defenders of X repelled ...": a place right before the verb group.
    const subj = findSubject(ctx, i, s.tokStart);
    if (subj && subj.how !== 'pronoun') pushLinks(ctx, links, subj, 'subj');
  }
  if (!links.length) {
    // "Our forces are in the city and the enemy has been pushed back": the city of this sentence.
    const m = lastPlaceBefore(ctx.places, i, sent, 0, ['provincial_capital']);
    if (m && isTarget(ctx, m)) links.push({ mention: m, place: m.place!, how: 'implicit' });
  }
}

export function pushLinks(
  _ctx: ExtractionContext,
  out: Link[],
  found: (Link & { list?: Link[] }) | undefined,
  how: Link['how'],
): void {
  if (!found) return;
  out.push({ ...found, how: found.how ?? how });
  if (found.list) for (const l of found.list) out.push(l);
}

export function isPassive(ctx: ExtractionContext, i: number, end: number, def: TriggerDef): boolean {
  const { lows } = ctx.doc;
  if (!def.participle) return false;
  if (lows[end] === 'by') return true;
  let k = i - 1;
  while (k >= 0 && (ADVERBS.has(lows[k]) || lows[k].endsWith('ly'))) k--;
  if (BE.has(lows[k])) return true;
  // Reduced relative: "Zaranj, captured on Friday, ..." / "the city, seized by"
  if (lows[k] === ',' && mentionIndexAt(ctx.places, k - 1) >= 0) return true;
  return false;
}

/** Where an active trigger's object starts: after a coordinated second trigger ("attacked and captured X": the object is shared). */
export function sharedObjectStart(ctx: ExtractionContext, end: number): number {
  if ((lowAt(ctx.doc, end) === 'and' || lowAt(ctx.doc, end) === 'or') && ctx.doc.triggers[end + 1]) {
    const t2 = ctx.doc.triggers[end + 1]!;
    if (['capture', 'retake', 'attack', 'enter', 'sweep'].includes(t2.value.cat)) return t2.end;
  }
  return end;
}

/** "Zaranj became the first provincial capital to fall" */
/** A passive trigger's subject, or "the first provincial capital to be captured". */
export function linkPassiveSubject(
  ctx: ExtractionContext,
  i: number,
  sentStart: number,
  links: Link[],
): void {
  const subj = findSubject(ctx, i, sentStart);
  if (subj) pushLinks(ctx, links, subj, 'subj');
  else if (lowAt(ctx.doc, i - 1) === 'be' && lowAt(ctx.doc, i - 2) === 'to') {
    const first = firstToFall(ctx, i - 1, sentStart);
    if (first) links.push(first);
  }
}
