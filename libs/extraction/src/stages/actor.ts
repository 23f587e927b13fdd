/**
 * Stage 5, actor: who acted (or, for a change of control, who holds the place now).
 */
import type { ActorHit } from '../doc';
import type { Side, TriggerCat, TriggerDef } from '../lexicon';
import type { Place } from '../places';
import {
  type ExtractionContext,
  type Link,
  actorEndingAt,
  cueTag,
  isDemonym,
  mentionIndexAt,
} from './context';
import { ADVERBS, AUX, DETERMINERS, PRONOUNS_SUBJ } from './words';

// -------------------------------------------------------------------------------------------
// Actors
export function namedInsurgent(ctx: ExtractionContext): string | undefined {
  const counts = new Map<string, number>();
  for (const a of ctx.doc.actors)
    if (a && a.def.side === 'insurgent' && a.def.norm)
      counts.set(a.def.norm, (counts.get(a.def.norm) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return best;
}

export function resolveActor(
  ctx: ExtractionContext,
  a: ActorHit,
  place: Place,
): { actor?: string; side: Side } {
  const def = a.def;
  // Demonym + forces: "Afghan forces" in Afghanistan are government forces; "Pakistani troops" elsewhere are foreign.
  const demo = demonymBefore(ctx, a.start);
  if (demo && def.side === 'government' && def.norm) {
    if (
      demo.country === place.country ||
      (place.country === 'unknown' && demo.country === ctx.places.storyCountry)
    )
      return { actor: 'government forces', side: 'government' };
    return { actor: `${demo.demonym} forces`, side: 'foreign' };
  }
  if (def.side === 'insurgent') {
    if (def.norm) return { actor: def.norm, side: 'insurgent' };
    const lows = ctx.doc.lows;
    const rebels =
      /^rebel/.test(lows[a.end - 1] ?? '') ||
      /^rebel/.test(lows[a.start] ?? '') ||
      lows[a.start - 1] === 'opposition' ||
      lows[a.start] === 'opposition';
    // A qualified group ("Syrian rebels", "Turkish-backed fighters") is not the group the story
    // names most; an unqualified one ("militants") is.
    const qualified =
      isDemonym(ctx, a.start - 1) ||
      (ctx.doc.tokens[a.start - 1]?.hyphenBefore &&
        ['backed', 'led', 'aligned', 'allied', 'supported'].includes(lows[a.start - 1]));
    const fb = qualified && place.country !== 'Afghanistan' ? 'insurgents' : fallbackInsurgent(ctx, place);
    // Unnamed "rebels" outside Afghanistan stay rebels.
    if (fb === 'insurgents' && rebels) return { actor: 'rebels', side: 'insurgent' };
    return { actor: fb, side: 'insurgent' };
  }
  if (def.side === 'government') return { actor: def.norm ?? 'government forces', side: 'government' };
  if (def.side === 'foreign') return { actor: def.norm, side: 'foreign' };
  return { actor: undefined, side: 'neutral' };
}

export function demonymBefore(
  ctx: ExtractionContext,
  k: number,
): { country: string; demonym: string } | undefined {
  const mi = k > 0 ? mentionIndexAt(ctx.places, k - 1) : -1;
  if (mi >= 0) {
    const m = ctx.places.mentions[mi];
    if (m.kind === 'country' && m.country)
      return {
        country: m.country.name,
        demonym: ctx.doc.text.slice(ctx.doc.tokens[m.start].start, ctx.doc.tokens[m.end - 1].end),
      };
    return undefined;
  }
  // "Israel's army", "Sudan's army": the country's own name, possessive.
  const pi = k > 1 && ctx.doc.lows[k - 1] === "'s" ? mentionIndexAt(ctx.places, k - 2) : -1;
  const owner = pi >= 0 ? ctx.places.mentions[pi] : undefined;
  if (owner?.kind === 'country' && owner.country && !owner.demonym && owner.country.demonyms[0])
    return { country: owner.country.name, demonym: owner.country.demonyms[0] };
  return undefined;
}

export function fallbackInsurgent(ctx: ExtractionContext, place: Place): string {
  if (ctx.docInsurgent) return ctx.docInsurgent;
  if (place.country === 'Afghanistan') return 'Taliban';
  return 'insurgents';
}

/** Who acted in a construction, and on which side. */
export type ActorReading = ReturnType<typeof actorOf>;

/** Who acted, from the construction: subject, "by X", "to X", the repelled attackers. */
// One case per trigger category, each a few lines; the helpers below carry the longer searches.
export function actorOf(
  ctx: ExtractionContext,
  i: number,
  end: number,
  cat: TriggerCat,
  passive: boolean,
  link: Link,
  sent: number,
  def: TriggerDef,
): { actor?: string; side?: Side; explicit: boolean; recipient?: boolean } {
  const { doc } = ctx;
  const { lows } = doc;
  const s = doc.sentences[sent];
  const place = link.place;
  let hit: ActorHit | undefined;
  let recipient = false;
  switch (cat) {
    case 'fall':
    case 'surrender':
    case 'handover':
    case 'capture_n':
      hit = actorAfter(ctx, s.tokEnd, link.mention.end > end ? link.mention.end : end, ['to']);
      recipient = true;
      if (!hit && cat === 'capture_n') {
        // "the Taliban's capture of X", "Taliban capture of X"
        const p = lows[i - 1] === "'s" ? i - 2 : i - 1;
        const a = actorEndingAt(ctx, p);
        if (a && !a.def.sourceOnly) {
          hit = a;
          recipient = false;
        }
        if (!hit) hit = actorAfter(ctx, s.tokEnd, link.mention.end, ['by']);
      }
      break;
    case 'control':
      if (def.lemma === 'under control' || def.lemma === 'in hands') hit = actorInsideControl(ctx, i, sent);
      else if (passive || lows[end] === 'by') hit = actorAfter(ctx, s.tokEnd, end, ['by'], 3);
      else hit = subjectActor(ctx, i, s.tokStart);
      break;
    case 'repel': {
      // "the insurgents were driven out of X": the subject was repelled.
      if (def.lemma === 'expel' && def.participle) {
        const a = subjectActor(ctx, i, s.tokStart);
        if (a) {
          const r = resolveActor(ctx, a, place);
          if (r.side !== 'neutral') return { actor: r.actor, side: r.side, explicit: true };
        }
      }
      for (let k = end; k < Math.min(s.tokEnd, end + 6); k++) {
        const a = doc.actors[k];
        if (a && !a.def.sourceOnly) {
          hit = a;
          break;
        }
      }
      if (!hit) return { actor: fallbackInsurgent(ctx, place), side: 'insurgent', explicit: false };
      break;
    }
    case 'attack_n':
    case 'retake_n':
      hit = nominalAttacker(ctx, i, end, sent);
      break;
    case 'fight_n':
    case 'fight_v': {
      // The attacker in a city fight: the insurgent side if named anywhere in the sentence.
      for (let k = s.tokStart; k < s.tokEnd; k++) {
        const a = doc.actors[k];
        if (a && !a.def.sourceOnly && a.def.side === 'insurgent') {
          hit = a;
          break;
        }
      }
      break;
    }
    case 'defend': {
      return { actor: fallbackInsurgent(ctx, place), side: 'insurgent', explicit: false };
    }
    case 'under_attack': {
      hit = actorAfter(ctx, s.tokEnd, i, ['by', 'from'], 8);
      if (!hit) {
        for (let k = i; k < Math.min(s.tokEnd, end + 1); k++)
          if (doc.actors[k] && !doc.actors[k]!.def.sourceOnly) hit = doc.actors[k];
      }
      break;
    }
    default:
      if (passive) hit = actorAfter(ctx, s.tokEnd, end, ['by'], 12);
      else hit = subjectActor(ctx, i, s.tokStart);
      if (cat === 'lose') {
        const to = actorAfter(ctx, s.tokEnd, end, ['to'], 12);
        if (to) {
          hit = to;
          recipient = true;
        } else if (hit) {
          const r = resolveActor(ctx, hit, place);
          const opp =
            r.side === 'government'
              ? { actor: fallbackInsurgent(ctx, place), side: 'insurgent' as Side }
              : { actor: 'government forces', side: 'government' as Side };
          return { ...opp, explicit: false };
        }
      }
  }
  if (!hit) return actorFromSpeaker(ctx, i, cat, place, sent);
  const r = resolveActor(ctx, hit, place);
  if (r.side === 'neutral') return { explicit: false };
  return { actor: r.actor, side: r.side, explicit: true, recipient };
}

/** The actor right after one of `preps` ("fell to the Taliban", "captured by government forces"). */
function actorAfter(
  ctx: ExtractionContext,
  sentEnd: number,
  from: number,
  preps: string[],
  span = 10,
): ActorHit | undefined {
  const { doc } = ctx;
  const { lows } = doc;
  for (let k = from; k < Math.min(sentEnd, from + span); k++) {
    if (preps.includes(lows[k])) {
      let j = k + 1;
      if (lows[j] === 'the') j++;
      const a =
        doc.actors[j] ??
        (mentionIndexAt(ctx.places, j) >= 0
          ? doc.actors[ctx.places.mentions[mentionIndexAt(ctx.places, j)].end]
          : undefined);
      if (a && !a.def.sourceOnly) return a;
      if (a?.def.sourceOnly && a.def.side === 'government' && lows[j] === 'government') return a;
      if (['its', 'their'].includes(lows[j]) || (lows[j] === 'the' && lows[j + 1] === 'group'))
        return undefined;
    }
    if (lows[k] === ';' || (lows[k] === '.' && k + 1 >= sentEnd)) break;
  }
  return undefined;
}

/** The holder in "under Taliban control", "in the hands of the army", "under our full control". */
function actorInsideControl(ctx: ExtractionContext, i: number, sent: number): ActorHit | undefined {
  const { doc } = ctx;
  const { lows } = doc;
  const s = doc.sentences[sent];
  for (let k = i; k < Math.min(s.tokEnd, i + 8); k++) {
    if (isDemonym(ctx, k)) {
      // "under Ukrainian control": that country's forces.
      const m = ctx.places.mentions[mentionIndexAt(ctx.places, k)];
      return { start: m.end, end: m.end, def: { norm: 'government forces', side: 'government' } };
    }
    const a = doc.actors[k];
    if (a && !a.def.sourceOnly) return a;
    if (a && a.def.sourceOnly && a.def.side === 'government') return a;
    if (lows[k] === 'our') {
      // "X is now under our full control", in a party's quoted words: that party holds it.
      const speaker = ctx.sentenceParty[sent];
      if (speaker === 'insurgent' || speaker === 'government')
        return { start: k, end: k + 1, def: { side: speaker } };
    }
    if (lows[k] === 'control' || lows[k] === 'hands') {
      if (lows[k + 1] === 'of') {
        let j = k + 2;
        if (lows[j] === 'the') j++;
        const b = doc.actors[j];
        if (b) return b;
      }
      break;
    }
  }
  return undefined;
}

/** The attacker of "an attack on X": "the Taliban('s) attack", "an attack by", or the subject unless it repelled it. */
function nominalAttacker(ctx: ExtractionContext, i: number, end: number, sent: number): ActorHit | undefined {
  const { doc } = ctx;
  const { lows } = doc;
  const s = doc.sentences[sent];
  let hit: ActorHit | undefined;
  const p = lows[i - 1] === "'s" ? i - 2 : i - 1;
  let k = p;
  while (k >= s.tokStart && DETERMINERS.has(lows[k])) k--;
  const a = actorEndingAt(ctx, k) ?? actorEndingAt(ctx, p);
  if (a && !a.def.sourceOnly) hit = a;
  if (!hit) hit = actorAfter(ctx, s.tokEnd, end, ['by'], 4);
  // "forces repelled an attack on X": the subject is the defender.
  let repelled = false;
  for (let q = i - 1; q >= Math.max(s.tokStart, i - 5); q--) {
    const tr = doc.triggers[q];
    if (tr && (tr.value.cat === 'repel' || tr.value.cat === 'defend')) repelled = true;
  }
  if (!hit && !repelled) hit = subjectActor(ctx, i, s.tokStart, true);
  return hit;
}

/** Pronoun subject resolved through the speaker: "the Taliban said they had captured". */
function actorFromSpeaker(
  ctx: ExtractionContext,
  i: number,
  cat: TriggerCat,
  place: Place,
  sent: number,
): ActorReading {
  const s = ctx.doc.sentences[sent];
  const pr = pronounSubject(ctx, i, s.tokStart);
  if (
    pr &&
    (cat === 'capture' ||
      cat === 'retake' ||
      cat === 'attack' ||
      cat === 'enter' ||
      cat === 'sweep' ||
      cat === 'control')
  ) {
    const party = ctx.sentenceParty[sent];
    if (party === 'insurgent')
      return { actor: fallbackInsurgent(ctx, place), side: 'insurgent', explicit: true };
    if (party === 'government') return { actor: 'government forces', side: 'government', explicit: true };
  }
  return { explicit: false };
}

/** Nearest fighting actor to the left in the sentence (sources such as officials are skipped). */
export function subjectActor(
  ctx: ExtractionContext,
  i: number,
  sentStart: number,
  near = false,
): ActorHit | undefined {
  const { doc } = ctx;
  for (let k = i - 1; k >= sentStart; k--) {
    if (near && i - k > 6) return undefined;
    const a = doc.actors[k];
    if (!a || a.end > i) continue;
    if (a.def.sourceOnly) continue;
    // "forces loyal to", "fighters from" fine; an actor inside "by X" belongs to another verb.
    if (
      doc.lows[k - 1] === 'by' ||
      doc.lows[k - 1] === 'to' ||
      doc.lows[k - 1] === 'from' ||
      doc.lows[k - 1] === 'against' ||
      doc.lows[k - 1] === 'with'
    )
      continue;
    // "RSF fighters and allied Arab militias": the first conjunct leads.
    for (let q = a.start - 1; q >= Math.max(sentStart, a.start - 4); q--) {
      if (doc.lows[q] === 'and') {
        const b = actorEndingAt(ctx, q - 1);
        if (b && !b.def.sourceOnly) return b;
        break;
      }
    }
    return a;
  }
  return undefined;
}

export function pronounSubject(ctx: ExtractionContext, i: number, sentStart: number): string | undefined {
  const { lows } = ctx.doc;
  for (let k = i - 1; k >= Math.max(sentStart, i - 5); k--) {
    if (PRONOUNS_SUBJ.has(lows[k])) return lows[k];
    if (!(AUX.has(lows[k]) || ADVERBS.has(lows[k]) || lows[k].endsWith('ly') || cueTag(ctx, k)))
      return undefined;
  }
  return undefined;
}

export function finalActor(
  ctx: ExtractionContext,
  info: { actor?: string; side?: Side; explicit: boolean },
  cat: TriggerCat,
  place: Place,
  counter: boolean,
): { actor?: string; side?: Side; explicit: boolean } {
  if (info.actor) return info;
  if (counter) return { actor: 'government forces', side: 'government', explicit: false };
  if (cat === 'retake' || cat === 'retake_n')
    return { actor: 'government forces', side: 'government', explicit: false };
  return { actor: fallbackInsurgent(ctx, place), side: 'insurgent', explicit: false };
}

export function actorFromHit(
  ctx: ExtractionContext,
  hit: ActorHit | undefined,
  place: Place,
): { actor?: string; side?: Side; explicit: boolean } {
  if (!hit) return { explicit: false };
  const r = resolveActor(ctx, hit, place);
  if (r.side === 'neutral') return { explicit: false };
  return { actor: r.actor, side: r.side, explicit: true };
}
