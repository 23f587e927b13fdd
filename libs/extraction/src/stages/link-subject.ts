/**
 * Stage 2, linking (left of the trigger): the subject of a trigger, skipping appositives and
 * relative clauses ("Qala-i-Naw, the capital of Badghis, fell"), and the antecedents of "which"/"it".
 */
import { INNER_CITY } from '../lexicon';
import { type PlaceMention, lastPlaceBefore } from '../places';
import {
  type ExtractionContext,
  type Link,
  actorEndingAt,
  cueTag,
  isDemonym,
  isTarget,
  mentionIndexAt,
} from './context';
import { ADVERBS, AUX, PLURAL_HEADS, PRONOUNS_SUBJ, REPORTING } from './words';

const SUBJ_SKIP = new Set([
  ...AUX,
  ...ADVERBS,
  'city',
  'town',
  'crossing',
  'itself',
  'came',
  'come',
  'comes',
  'fell',
  'remains',
  'remained',
  'remain',
  'firmly',
  'now',
  'was',
  'had',
  'returning',
  'returned',
  'back',
  'brought',
  'placed',
  'put',
  'passed',
]);

const PP_PREPS = new Set([
  'at',
  'in',
  'from',
  'through',
  'via',
  'across',
  'near',
  'into',
  'to',
  'towards',
  'toward',
  'for',
  'with',
  'on',
  'of',
  'around',
  'outside',
  'inside',
  'between',
  'by',
  'over',
  'beyond',
  'along',
]);

const PP_TAILS = new Set([
  'border',
  'frontier',
  'province',
  'region',
  'river',
  'highway',
  'road',
  'north',
  'south',
  'east',
  'west',
]);

const PP_FILLER = new Set([
  'the',
  'a',
  'border',
  'frontier',
  'with',
  'northern',
  'southern',
  'eastern',
  'western',
  'main',
  'province',
  'river',
  'banks',
  'of',
]);

const CROSSING_NOUNS = new Set(['gate', 'crossing', 'post', 'checkpoint', 'terminal', 'port']);

/** The subject of an intransitive/passive verb: "X (, the capital of Y,) was attacked", "X fell". */
// One right-to-left scan with shared state (steps, appositive seen, fallback subject); the order
// of its checks is the grammar, so the walk stays one function (its two big steps are helpers).
export function findSubject(
  ctx: ExtractionContext,
  i: number,
  sentStart: number,
): (Link & { list?: Link[] }) | undefined {
  const { doc, places } = ctx;
  const { lows, tokens } = doc;
  let apposFallback: PlaceMention | undefined;
  const fail = (): (Link & { list?: Link[] }) | undefined =>
    apposFallback ? { mention: apposFallback, place: apposFallback.place!, how: 'appos' } : undefined;
  let k = i - 1;
  let steps = 0;
  let appos = false;
  while (k >= sentStart && steps++ < 16) {
    const mi = mentionIndexAt(places, k);
    if (mi >= 0) {
      const m = places.mentions[mi];
      if (isTarget(ctx, m)) return targetAsSubject(ctx, m, sentStart, appos) ?? fail();
      // "Mehtarlam in Laghman fell": skip the province.
      if (
        (m.kind === 'province' || m.kind === 'country') &&
        (lows[m.start - 1] === 'in' || lows[m.start - 1] === 'of')
      ) {
        k = m.start - 2;
        continue;
      }
      return fail();
    }
    const l = lows[k];
    const t = tokens[k];
    if (l === 'it' || l === 'which' || l === 'that') {
      if (l === 'it') {
        const m = lastPlaceBefore(places, k, doc.sentOf[k], 1);
        if (m && isTarget(ctx, m)) return { mention: m, place: m.place!, how: 'pronoun' };
        return fail();
      }
      // "X, which fell ..." / "X that was captured"
      let j = k - 1;
      if (lows[j] === ',') j--;
      const mj = mentionIndexAt(places, j);
      if (mj >= 0 && isTarget(ctx, places.mentions[mj]) && !places.mentions[mj].modifierHead) {
        const m = places.mentions[mj];
        return { mention: m, place: m.place!, how: 'rel' };
      }
      return fail();
    }
    if (t.raw === ',') {
      const seg = appositiveBefore(ctx, k, sentStart);
      apposFallback = apposFallback ?? seg.fallback;
      if (seg.list) return seg.list;
      if (seg.next === undefined) return fail();
      k = seg.next;
      appos = true;
      continue;
    }
    if (l === ':') {
      // Bulletin style "Spin Boldak: crossing remains under Taliban control" - the heading is the topic.
      const mi = mentionIndexAt(places, k - 1);
      if (mi >= 0) {
        const m = places.mentions[mi];
        let q = m.start - 1;
        while (q >= sentStart && !tokens[q].word) q--;
        if (q < sentStart && isTarget(ctx, m)) return { mention: m, place: m.place!, how: 'appos' };
      }
      return fail();
    }
    if (
      SUBJ_SKIP.has(l) ||
      l.endsWith('ly') ||
      cueTag(ctx, k) === 'NEG' ||
      cueTag(ctx, k) === 'MODAL' ||
      cueTag(ctx, k) === 'ALMOST' ||
      l === 'to' ||
      (l === 'in' && lows[k - 1] === 'city')
    ) {
      k--;
      continue;
    }
    if (doc.inDate[k] === 1) {
      k--;
      continue;
    }
    // "the Torkham border gate (was seized)": back over the crossing noun to the crossing's name.
    if (CROSSING_NOUNS.has(l)) {
      let q = k - 1;
      if (lows[q] === 'border') q--;
      const mq = mentionIndexAt(places, q);
      if (mq >= 0 && places.mentions[mq].place?.kind === 'border_crossing') {
        k = q;
        continue;
      }
    }
    // "the Ai Khanum port on the Tajik border (had been captured)", "Qalat in Zabul province"
    if (PP_TAILS.has(l) || isDemonym(ctx, k)) {
      let q = k - 1;
      while (
        q >= sentStart &&
        k - q < 6 &&
        (PP_FILLER.has(lows[q]) ||
          (mentionIndexAt(places, q) >= 0 &&
            places.mentions[mentionIndexAt(places, q)].kind !== 'place' &&
            places.mentions[mentionIndexAt(places, q)].kind !== 'coref'))
      )
        q--;
      if (q >= sentStart && ['on', 'in', 'near', 'along', 'at'].includes(lows[q])) {
        k = q - 1;
        continue;
      }
    }
    return fail();
  }
  return fail();
}

/**
 * The comma at k closes an appositive or relative clause (", the capital of Badghis province," /
 * ", which ... ,"): where to go on (`next`), or a list ("capitals, Qalat and Tirin Kot,"); a
 * segment that is itself a place name is the fallback subject.
 */
function appositiveBefore(
  ctx: ExtractionContext,
  k: number,
  sentStart: number,
): { next?: number; fallback?: PlaceMention; list?: Link & { list?: Link[] } } {
  const { places } = ctx;
  const { lows, tokens } = ctx.doc;
  let fallback: PlaceMention | undefined;
  // Skip an appositive or relative clause: ", the capital of Badghis province," / ", which ... ,"
  let j = k - 1;
  let depth = 0;
  while (j >= sentStart && tokens[j].raw !== ',' && depth < 25) {
    j--;
    depth++;
  }
  if (j < sentStart || tokens[j].raw !== ',') return {};
  // ", Parun," - an appositive that is itself the name; "capitals, Qalat and Tirin Kot," - a list.
  const inSeg = places.mentions.filter(
    (m) => m.start > j && m.end <= k && isTarget(ctx, m) && !m.modifierHead,
  );
  if (inSeg.length === 1 && inSeg[0].start === j + 1 && inSeg[0].end === k) fallback = inSeg[0];
  if (inSeg.length && PLURAL_HEADS.has(lows[j - 1] ?? '')) {
    const [first, ...rest] = inSeg;
    return {
      fallback,
      list: {
        mention: first,
        place: first.place!,
        how: 'appos',
        list: rest.map((m) => ({ mention: m, place: m.place!, how: 'list' as const })),
      },
    };
  }
  const first = lows[j + 1];
  const segmentIsAppositive =
    [
      'the',
      'a',
      'an',
      'which',
      'who',
      'where',
      'capital',
      'home',
      'located',
      'its',
      'once',
      'long',
      'one',
      'some',
      'about',
      'just',
      'near',
      'according',
    ].includes(first) ||
    segmentMentions(ctx, j + 1, k) ||
    REPORTING.includes(cueTag(ctx, k - 1) ?? 'NEG') ||
    REPORTING.includes(cueTag(ctx, j + 1) ?? 'NEG') ||
    segmentHasReporting(ctx, j + 1, k);
  if (!segmentIsAppositive) return { fallback };
  return { fallback, next: j - 1 };
}

/** A target place reached walking left from the trigger: the subject, unless a modifier or a preposition says otherwise. */
function targetAsSubject(
  ctx: ExtractionContext,
  m: PlaceMention,
  sentStart: number,
  appos: boolean,
): (Link & { list?: Link[] }) | undefined {
  const { lows } = ctx.doc;
  // "the Torkham border gate was seized": the gate is the crossing.
  const crossingHead = m.place!.kind === 'border_crossing' && crossingNounAfter(ctx, m.end);
  if ((m.modifierHead || m.possessive) && !crossingHead) {
    // "Kunduz police headquarters was attacked" -> inner attack on the city.
    if (m.modifierHead && INNER_CITY.has(m.modifierHead) && m.place!.kind === 'provincial_capital')
      return { mention: m, place: m.place!, how: 'subj', partial: 'inner' };
    return undefined;
  }
  // Inside a prepositional phrase ("revenue at Islam Qala fell") the place is not the subject,
  // unless it locates soldiers ("government forces in Aybak surrendered").
  const p = lows[m.start - 1] ?? '';
  if (PP_PREPS.has(p) && m.start - 1 >= sentStart) {
    const a = actorEndingAt(ctx, m.start - 2);
    const okForces = (p === 'in' || p === 'at') && a && !a.def.sourceOnly && a.def.side === 'government';
    const okOf =
      (p === 'of' &&
        ['city', 'town', 'port', 'crossing', 'capital', 'centre', 'center'].includes(
          lows[m.start - 2] ?? '',
        )) ||
      // "the border gate at Rafah (was seized)"
      ((p === 'at' || p === 'of') &&
        m.place!.kind === 'border_crossing' &&
        CROSSING_NOUNS.has(lows[m.start - 2] ?? ''));
    if (!okForces && !okOf) return undefined;
  }
  const link: Link & { list?: Link[] } = {
    mention: m,
    place: m.place!,
    how: appos ? 'appos' : 'subj',
  };
  link.list = listBefore(ctx, m, sentStart);
  return link;
}

/** "... every crossing on Syria's northern frontier, including Bab al-Hawa" */
/** "Torkham [border] gate|crossing|post": the name as the modifier of a crossing noun. */
export function crossingNounAfter(ctx: ExtractionContext, k: number): boolean {
  const { lows } = ctx.doc;
  if (lows[k] === 'border') k++;
  return CROSSING_NOUNS.has(lows[k] ?? '');
}

export function segmentMentions(ctx: ExtractionContext, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (mentionIndexAt(ctx.places, k) >= 0) return true;
  return false;
}

export function segmentHasReporting(ctx: ExtractionContext, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = cueTag(ctx, k);
    if (c && REPORTING.includes(c)) return true;
  }
  return false;
}

export function listBefore(ctx: ExtractionContext, m: PlaceMention, sentStart: number): Link[] {
  const { lows } = ctx.doc;
  const out: Link[] = [];
  let k = m.start - 1;
  let guard = 0;
  while (k >= sentStart && guard++ < 12) {
    let j = k;
    if (lows[j] === 'and' || lows[j] === ',') {
      j--;
      if (lows[j] === ',') j--;
    } else break;
    const mi = mentionIndexAt(ctx.places, j);
    if (mi < 0) break;
    const n = ctx.places.mentions[mi];
    if (!isTarget(ctx, n) || n.modifierHead || n.possessive) break;
    out.push({ mention: n, place: n.place!, how: 'list' });
    k = n.start - 1;
  }
  return out;
}

/** "Zaranj, which the Taliban captured", "the crossing that insurgents seized". */
export function relativeAntecedent(
  ctx: ExtractionContext,
  i: number,
  sentStart: number,
  where = false,
): Link | undefined {
  const { lows } = ctx.doc;
  const cs = ctx.doc.clauseStart[i];
  if (cs < sentStart) return undefined;
  const l = lows[cs];
  if (where ? l !== 'where' : l !== 'which' && l !== 'that') return undefined;
  let j = cs - 1;
  if (lows[j] === ',') j--;
  const mi = mentionIndexAt(ctx.places, j);
  if (mi < 0) return undefined;
  const m = ctx.places.mentions[mi];
  if (!isTarget(ctx, m) || m.modifierHead) return undefined;
  return { mention: m, place: m.place!, how: 'rel' };
}

/** "Islam Qala, the crossing they seized on Friday": object-less verb after "<place> <subject>". */
export function reducedRelative(ctx: ExtractionContext, i: number, sentStart: number): Link | undefined {
  const { lows } = ctx.doc;
  let k = i - 1;
  while (k >= sentStart && (AUX.has(lows[k]) || ADVERBS.has(lows[k]))) k--;
  // the subject: a pronoun or an actor
  if (PRONOUNS_SUBJ.has(lows[k])) k--;
  else {
    const a = actorEndingAt(ctx, k);
    if (!a) return undefined;
    k = a.start - 1;
  }
  const mi = mentionIndexAt(ctx.places, k);
  if (mi < 0) return undefined;
  const m = ctx.places.mentions[mi];
  if (!isTarget(ctx, m) || m.modifierHead || m.possessive) return undefined;
  return { mention: m, place: m.place!, how: 'rel' };
}

export function firstToFall(ctx: ExtractionContext, i: number, sentStart: number): Link | undefined {
  const { lows } = ctx.doc;
  if (lows[i - 1] !== 'to') return undefined;
  let k = i - 2;
  while (
    k >= sentStart &&
    ['capital', 'capitals', 'provincial', 'city', 'cities', 'crossing', 'town', 'major'].includes(lows[k])
  )
    k--;
  if (
    ![
      'first',
      'second',
      'third',
      'fourth',
      'fifth',
      'sixth',
      'seventh',
      'eighth',
      'ninth',
      'tenth',
      'latest',
      'last',
      'only',
      'eleventh',
      'twelfth',
    ].includes(lows[k])
  )
    return undefined;
  for (let j = k - 1; j >= sentStart; j--) {
    const mi = mentionIndexAt(ctx.places, j);
    if (mi >= 0 && isTarget(ctx, ctx.places.mentions[mi]) && !ctx.places.mentions[mi].modifierHead) {
      const m = ctx.places.mentions[mi];
      return { mention: m, place: m.place!, how: 'subj' };
    }
  }
  return undefined;
}
