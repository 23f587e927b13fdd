/**
 * Stage 2, linking (right of the trigger): the object or prepositional place of a trigger, with
 * partial readings ("parts of", "the airport of", "the X side of the crossing") and lists.
 */
import { CITY_PARTS, INNER_CITY, MOST_OF, OBJECT_FILLER, type TriggerCat, type TriggerDef } from '../lexicon';
import { type PlaceMention, lastPlaceBefore } from '../places';
import {
  type ExtractionContext,
  type Link,
  actorEndingAt,
  cueTag,
  isTarget,
  mentionIndexAt,
} from './context';
import { AUX, BE, PLURAL_HEADS } from './words';

const MILITARY_OBJECTS = new Set([
  'checkpoints',
  'checkpoint',
  'posts',
  'positions',
  'outposts',
  'outpost',
  'bases',
  'base',
  'defences',
  'defenses',
  'lines',
  'trenches',
  'security',
  'police',
]);

const ATTACKISH = new Set<TriggerCat>(['attack', 'attack_n', 'enter', 'fight_n', 'fight_v', 'repel']);

/** Words that make "city of X" another place's locator ("a village outside the city of X"). */
const NOT_CITY_MODIFIERS = new Set([
  'outside',
  'near',
  'around',
  'in',
  'at',
  'from',
  'to',
  'of',
  'and',
  'or',
  'toward',
  'towards',
  'into',
  'village',
  'villages',
  'district',
  'districts',
  'base',
  'bases',
  'area',
  'areas',
  'road',
  'highway',
]);
const DIRECTION_OF = /^(north|south|east|west)(east|west)?$/;

/** Index of "city|town" when "city|town of" follows within three modifier tokens from k, else -1. */
function cityOfAfter(ctx: ExtractionContext, k: number, limit: number): number {
  const { lows, tokens } = ctx.doc;
  for (let j = k; j < limit && j < k + 4; j++) {
    if ((lows[j] === 'city' || lows[j] === 'town') && lows[j + 1] === 'of') return j;
    if (mentionIndexAt(ctx.places, j) >= 0 || (!tokens[j].word && lows[j] !== '-')) return -1;
    if (NOT_CITY_MODIFIERS.has(lows[j]) || DIRECTION_OF.test(lows[j])) return -1;
  }
  return -1;
}

/** Forces and sites attacked inside a city ("attacked the army in X"). */
const FORCE_OBJECTS = new Set([
  'army',
  'troops',
  'soldiers',
  'forces',
  'camp',
  'airport',
  'barracks',
  'police',
]);

/** Index after "in|at" when a target place follows within a short noun phrase, else -1. */
function targetAfterIn(ctx: ExtractionContext, from: number, limit: number): number {
  const { lows, tokens } = ctx.doc;
  for (let j = from; j < limit && j < from + 7; j++) {
    if (!tokens[j].word) return -1;
    if (lows[j] !== 'in' && lows[j] !== 'at') continue;
    let q = j + 1;
    if (lows[q] === 'the' && (lows[q + 1] === 'city' || lows[q + 1] === 'town') && lows[q + 2] === 'of')
      q += 3;
    const mi = mentionIndexAt(ctx.places, q);
    if (mi >= 0 && isTarget(ctx, ctx.places.mentions[mi])) return j + 1;
    return -1;
  }
  return -1;
}

const QUANTIFIERS = new Set([
  'every',
  'each',
  'all',
  'several',
  'many',
  'some',
  'most',
  'dozens',
  'numerous',
  'various',
]);

const SEAT = new Set(['compound', 'office', 'offices', 'palace', 'residence', 'mansion', 'headquarters']);

/** The object of a verb (or of a preposition after a noun): "seized [the key border town of] X". */
// One left-to-right scan whose state (partial reading, fillers skipped, seat, quantifier, crossing
// noun) each check reads and updates in order; the order of the checks is the grammar, so the scan
// stays one function.
/** Adjectives of "capital" beyond "provincial" (a filler everywhere) that are fillers only before it. */
const CAPITAL_ADJ_WORDS = new Set(['regional', 'state', 'administrative', 'oblast']);

export function findObject(
  ctx: ExtractionContext,
  from: number,
  limit: number,
  def: TriggerDef,
  afterPrep = false,
): (Link & { list?: Link[] }) | undefined {
  const { doc, places } = ctx;
  const { lows, tokens } = doc;
  let partial: Link['partial'];
  let k = from;
  let fillers = 0;
  let seat = false;
  let quantified = false;
  const including = () => (quantified ? includingList(ctx, k, limit) : undefined);
  const max = from + 12;
  let crossingNoun = false;
  // "most neighbourhoods of X", "all government buildings": a part quantified as most of the city
  // is the city (a capture), unlike "parts of X" (an attack).
  let mostQuant = false;
  const partOr = (p: 'parts' | 'inner'): Link['partial'] => (mostQuant ? 'most' : p);
  while (k < limit && k < max) {
    // "the Gaza side of the Rafah crossing": holding one side of a crossing is holding the crossing.
    const sideOf = lows[k] === 'side' ? k : lows[k + 1] === 'side' ? k + 1 : -1;
    if (sideOf >= 0 && lows[sideOf + 1] === 'of' && crossingAfter(ctx, sideOf + 2, limit)) {
      k = sideOf + 2;
      fillers++;
      continue;
    }
    const mi = mentionIndexAt(places, k);
    if (mi >= 0) {
      const m = places.mentions[mi];
      // "captured a key city south of X": X only locates the object.
      if (isTarget(ctx, m)) return m.reference ? undefined : targetAsObject(ctx, m, limit, partial, fillers);
      if ((m.kind === 'country' && m.demonym) || (m.kind === 'coref' && !m.place)) {
        k = m.end;
        continue;
      }
      return undefined;
    }
    const t = tokens[k];
    const l = lows[k];
    const named = unknownNameBeforeCapital(ctx, k, limit);
    if (named) return targetAsObject(ctx, named, limit, partial, fillers + 1);
    if (!t.word) {
      if (l === '"' || l === '“' || l === '”' || l === "'") {
        k++;
        continue;
      }
      // "captured a sixth provincial capital, Aybak": the name in apposition.
      if (l === ',' && fillers > 0) {
        const mi = mentionIndexAt(places, k + 1);
        if (mi >= 0 && isTarget(ctx, places.mentions[mi])) {
          k++;
          continue;
        }
      }
      return including();
    }
    if (/^\d+$/.test(l) || /^\d+(st|nd|rd|th)$/.test(l)) {
      // "10 provincial capitals, including ...", "its 10th provincial capital"
      quantified = true;
      k++;
      fillers++;
      continue;
    }
    if (l === 'it' && !afterPrep) {
      const m = lastPlaceBefore(places, from, doc.sentOf[from], 1);
      if (m && isTarget(ctx, m)) return { mention: m, place: m.place!, how: 'pronoun', partial };
      return undefined;
    }
    if ((l === 'most' || l === 'all') && lows[k + 1] !== 'of') {
      mostQuant = true;
      k++;
      fillers++;
      continue;
    }
    if (CITY_PARTS.has(l) && (lows[k + 1] === 'of' || (lows[k + 1] === 'in' && INNER_CITY.has(l)))) {
      partial = partOr('parts');
      k += 2;
      fillers++;
      continue;
    }
    if (MOST_OF.has(l) && lows[k + 1] === 'of') {
      partial = partial ?? 'most';
      k += 2;
      fillers++;
      continue;
    }
    if (INNER_CITY.has(l)) {
      // "stormed the police headquarters in X", "seized the airport of X"
      let j = k + 1;
      while (j < limit && (INNER_CITY.has(lows[j]) || lows[j] === "'s")) j++;
      if (['in', 'of', 'at'].includes(lows[j])) {
        partial = seat ? 'seat' : partOr('inner');
        k = j + 1;
        fillers++;
        continue;
      }
      if (seat && !afterPrep) {
        // "seized the governor's compound": the seat of the city named just before.
        const m = lastPlaceBefore(places, from, doc.sentOf[from], 1, ['provincial_capital']);
        if (m && isTarget(ctx, m)) return { mention: m, place: m.place!, how: 'implicit', partial: 'seat' };
      }
      const imp = implicitCity(ctx, from, j, def);
      if (imp) return { ...imp, partial: partOr('inner') };
      return undefined;
    }
    if (CITY_PARTS.has(l) && lows[k + 1] !== 'of') {
      // "infiltrated the eastern suburbs overnight" (of the city this sentence is about)
      const imp = implicitCity(ctx, from, k + 1, def);
      if (imp) return { ...imp, partial: partOr('parts') };
    }
    if (['crossing', 'post', 'port', 'point', 'gate', 'border', 'crossings'].includes(l)) crossingNoun = true;
    if (crossingNoun && ['at', 'in', 'near'].includes(l)) {
      k++;
      fillers++;
      continue;
    }
    if (
      l === 'police' ||
      l === 'governor' ||
      l === 'government' ||
      l === 'army' ||
      l === 'provincial' ||
      l === 'presidential' ||
      l === 'intelligence'
    ) {
      // "the police headquarters", "the governor's compound", "the provincial council building" - part of an inner noun phrase?
      let j = k + 1;
      while (
        j < limit &&
        (lows[j] === "'s" || lows[j] === 'council' || lows[j] === 'provincial' || lows[j] === 'main')
      )
        j++;
      if (INNER_CITY.has(lows[j])) {
        if ((l === 'governor' || l === 'presidential') && SEAT.has(lows[j])) seat = true;
        k = j;
        continue;
      }
    }
    // "overran the state capital, Wad Madani": like "the provincial capital, Aybak".
    const capitalNext = lows[k + 1] === 'capital' || lows[k + 1] === 'capitals';
    if (OBJECT_FILLER.has(l) || QUANTIFIERS.has(l) || (CAPITAL_ADJ_WORDS.has(l) && capitalNext)) {
      if (QUANTIFIERS.has(l) || PLURAL_HEADS.has(l)) quantified = true;
      k++;
      fillers++;
      continue;
    }
    // "attacked checkpoints on the edge of the city": fighting at the edge of the city.
    if (MILITARY_OBJECTS.has(l) && ATTACKISH.has(def.cat)) {
      let j = k + 1;
      if (['on', 'at', 'around', 'along', 'in'].includes(lows[j])) j++;
      while (j < limit && OBJECT_FILLER.has(lows[j]) && !CITY_PARTS.has(lows[j])) j++;
      if (CITY_PARTS.has(lows[j]) && lows[j + 1] === 'of') {
        partial = 'parts';
        k = j + 2;
        fillers++;
        continue;
      }
    }
    // "the oil city of Kirkuk", "the coastal city of Sirte", "the Kurdish-held oil city of X": any
    // short modifier before "city|town of" leaves the name as the object.
    const cityOf = cityOfAfter(ctx, k, limit);
    if (cityOf > k) {
      k = cityOf;
      fillers++;
      continue;
    }
    // "assaults on the cities of Kandahar, Lashkar Gah and Herat": the names are the objects.
    if ((l === 'cities' || l === 'towns') && lows[k + 1] === 'of') {
      quantified = true;
      k += 2;
      fillers++;
      continue;
    }
    // "attacked the army in Timbuktu", "attacked an army camp and the airport in the city of Gao":
    // an attack on forces or sites inside the city is an attack on the city.
    if (ATTACKISH.has(def.cat) && (MILITARY_OBJECTS.has(l) || FORCE_OBJECTS.has(l))) {
      const j = targetAfterIn(ctx, k + 1, limit);
      if (j >= 0) {
        partial = partOr('inner');
        k = j;
        fillers++;
        continue;
      }
    }
    // "the Taliban-held city of", "government-controlled"
    if (
      (doc.actors[k] || l === 'held' || l === 'controlled' || l === 'run' || l === 'besieged') &&
      (tokens[k + 1]?.hyphenBefore || t.hyphenBefore)
    ) {
      k++;
      continue;
    }
    if (def.cat === 'enter' || def.cat === 'sweep') {
      if (l === 'into' || l === 'through') {
        k++;
        continue;
      }
    }
    return including();
  }
  return including();
}

/**
 * "pulled out of Madani, the capital of Gezira state": a name the gazetteer lacks (a short or
 * local form), followed by an appositive that names the capital of a province, is that capital.
 */
function unknownNameBeforeCapital(
  ctx: ExtractionContext,
  k: number,
  limit: number,
): PlaceMention | undefined {
  const { tokens, lows } = ctx.doc;
  if (!tokens[k].word || !tokens[k].cap) return undefined;
  let j = k;
  while (j < limit && j < k + 4 && (tokens[j].cap || lows[j] === '-') && mentionIndexAt(ctx.places, j) < 0)
    j++;
  if (lows[j] !== ',') return undefined;
  const a = lows[j + 1] === 'the' ? j + 2 : j + 1;
  if (lows[a] !== 'capital' || lows[a + 1] !== 'of') return undefined;
  const mi = mentionIndexAt(ctx.places, j + 1);
  const m = mi >= 0 ? ctx.places.mentions[mi] : undefined;
  return m && isTarget(ctx, m) && m.place?.kind === 'provincial_capital' ? m : undefined;
}

/** A target place reached walking right from the trigger: the object, unless it only modifies another noun ("Kunduz residents", "Kunduz's airport"). */
function targetAsObject(
  ctx: ExtractionContext,
  m: PlaceMention,
  limit: number,
  partial: Link['partial'],
  fillers: number,
): (Link & { list?: Link[] }) | undefined {
  const { lows } = ctx.doc;
  if (m.modifierHead) {
    if (INNER_CITY.has(m.modifierHead) && m.place!.kind === 'provincial_capital')
      return { mention: m, place: m.place!, how: 'obj', partial: 'inner' };
    return undefined;
  }
  if (m.possessive) {
    // "captured Kunduz's airport" -> inner; "X's fall" handled elsewhere.
    let h = m.end + 1;
    while (h < limit && (OBJECT_FILLER.has(lows[h]) || lows[h] === 'main') && !INNER_CITY.has(lows[h])) h++;
    const head = lows[h];
    if (INNER_CITY.has(head) && m.place!.kind === 'provincial_capital')
      return { mention: m, place: m.place!, how: 'obj', partial: 'inner' };
    return undefined;
  }
  const link: Link & { list?: Link[] } = {
    mention: m,
    place: m.place!,
    how: fillers ? 'appos' : 'obj',
    partial,
  };
  link.list = listAfter(ctx, m, limit, partial);
  return link;
}

export function includingList(
  ctx: ExtractionContext,
  from: number,
  limit: number,
): (Link & { list?: Link[] }) | undefined {
  const { lows } = ctx.doc;
  for (let k = from; k < Math.min(limit, from + 15); k++) {
    if (lows[k] === 'including' || (lows[k] === 'such' && lows[k + 1] === 'as')) {
      let j = k + (lows[k] === 'such' ? 2 : 1);
      while (j < limit && OBJECT_FILLER.has(lows[j])) j++;
      const mi = mentionIndexAt(ctx.places, j);
      if (mi < 0) return undefined;
      const m = ctx.places.mentions[mi];
      if (!isTarget(ctx, m) || m.modifierHead) return undefined;
      return { mention: m, place: m.place!, how: 'list', list: listAfter(ctx, m, limit, undefined) };
    }
    if (lows[k] === ';' || lows[k] === '.') break;
  }
  return undefined;
}

/**
 * A building or quarter without a named city ("stormed the prison", "infiltrated the suburbs"):
 * the provincial capital named earlier in the same sentence, for attacks only, and only when the
 * phrase does not go on with a preposition of its own ("areas near X").
 */
export function implicitCity(
  ctx: ExtractionContext,
  from: number,
  after: number,
  def: TriggerDef,
): Link | undefined {
  if (!ATTACKISH.has(def.cat) && def.cat !== 'capture') return undefined;
  const l = ctx.doc.lows[after] ?? '';
  if (
    [
      'near',
      'in',
      'of',
      'at',
      'outside',
      'around',
      'close',
      'north',
      'south',
      'east',
      'west',
      'between',
    ].includes(l)
  )
    return undefined;
  const m = lastPlaceBefore(ctx.places, from, ctx.doc.sentOf[from], 0, ['provincial_capital']);
  if (!m || !isTarget(ctx, m)) return undefined;
  return { mention: m, place: m.place!, how: 'implicit' };
}

/** "captured Kunduz, Sar-e Pol and Taloqan" */
export function listAfter(
  ctx: ExtractionContext,
  m: PlaceMention,
  limit: number,
  partial: Link['partial'],
): Link[] {
  const { lows } = ctx.doc;
  const out: Link[] = [];
  let k = m.end;
  let guard = 0;
  while (k < limit && guard++ < 12) {
    let j = k;
    let sep = false;
    if (lows[j] === ',') {
      j++;
      sep = true;
    }
    if (lows[j] === 'and' || (lows[j] === 'as' && lows[j + 1] === 'well' && lows[j + 2] === 'as')) {
      j += lows[j] === 'and' ? 1 : 3;
      sep = true;
    }
    if (!sep) break;
    while (j < limit && OBJECT_FILLER.has(lows[j]) && lows[j] !== 'and') j++;
    const mi = mentionIndexAt(ctx.places, j);
    if (mi < 0) break;
    const n = ctx.places.mentions[mi];
    if (n.kind === 'province' || n.kind === 'country') {
      k = n.end;
      continue;
    }
    if (!isTarget(ctx, n) || n.modifierHead || n.possessive) break;
    // A verb right after the next name ("..., and Kunduz fell") starts a new clause.
    const after = ctx.doc.triggers[n.end];
    if (after && lows[n.end - 1] !== ',') {
      if (['fall', 'surrender', 'hold', 'control'].includes(after.value.cat)) break;
      if (BE.has(lows[n.end]) || AUX.has(lows[n.end])) break;
    }
    if (BE.has(lows[n.end]) || lows[n.end] === 'has' || lows[n.end] === 'have') break;
    out.push({ mention: n, place: n.place!, how: 'list', partial });
    k = n.end;
  }
  return out;
}

export function crossingAfter(ctx: ExtractionContext, k: number, limit: number): boolean {
  if (ctx.doc.lows[k] === 'the') k++;
  const mi = k < limit ? mentionIndexAt(ctx.places, k) : -1;
  return mi >= 0 && ctx.places.mentions[mi].place?.kind === 'border_crossing';
}

/** A place after one of `preps`, bridging over words like "broke out", actors, "between ... and ...". */
export function findPrepPlace(
  ctx: ExtractionContext,
  from: number,
  limit: number,
  preps: Set<string>,
  bridge: Set<string>,
  allowActors = true,
): Link | undefined {
  const { lows } = ctx.doc;
  let k = from;
  let guard = 0;
  while (k < limit && guard++ < 10) {
    const l = lows[k];
    if (preps.has(l)) {
      if ((l === 'near' || l === 'outside') && /^\d/.test(lows[k - 2] ?? '')) return undefined; // "20 km outside"
      const o = findObject(ctx, k + 1, limit, { cat: 'fight_n', lemma: 'prep', strength: 1 }, true);
      if (o) {
        const link: Link = { mention: o.mention, place: o.place, how: 'prep', partial: o.partial };
        if (l === 'near') return undefined;
        return link;
      }
      // "fighting in the outskirts of X" handled inside findObject; otherwise keep looking ("in the morning in X").
      k++;
      continue;
    }
    if (
      bridge.has(l) ||
      (allowActors && (ctx.doc.actors[k] || actorEndingAt(ctx, k))) ||
      ctx.doc.inDate[k] === 1 ||
      cueTag(ctx, k) === 'REPORTEDLY'
    ) {
      k++;
      continue;
    }
    if (ctx.doc.nouns[k] && ctx.doc.nouns[k]!.value.cat === 'attack_n') {
      k = ctx.doc.nouns[k]!.end;
      continue;
    }
    if (
      l === 'back' ||
      l === 'off' ||
      l === 'an' ||
      l === 'their' ||
      l === 'its' ||
      l === 'attackers' ||
      l === 'attack' ||
      l === 'assault' ||
      l === 'offensive' ||
      l === 'push'
    ) {
      k++;
      continue;
    }
    return undefined;
  }
  return undefined;
}
