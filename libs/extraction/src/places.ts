/**
 * Over 600 lines: not yet split. generalPhrasing (~325 lines) and the coreference pass are the next
 * stages to move out (issue #13, Must 6); the snapshot guard (npm run snapshot:extraction) covers the move.
 *
 * Place mentions: gazetteer names found by the token automaton, told apart from provinces and from
 * people with the same name; "the capital of Y province"; places the gazetteer lacks, found by
 * general phrasing ("X, the capital of Y province", "the X border crossing", "X, on the border
 * with Y"); and coreference ("the city", "the provincial capital", "the crossing") to the most
 * recent compatible place.
 */
import { countryInDoubt, dropUnfitWorldPlaces } from './world-fit';
import type { Doc } from './doc';
import type { CountryInfo, GazPlace, GazProvince, Gazetteer } from './gazetteer';
import {
  CALENDAR_WORDS,
  COREF_NOUNS,
  INNER_CITY,
  NON_PLACE_HEADS,
  PERSON_ROLES,
  PERSON_TITLES,
  PLACE_FOLLOWERS,
  TRIGGERS,
  CUES,
  ACTORS,
} from './lexicon';
import { PhraseTable } from './phrases';
import { nameKeys } from './text';
import type { PlaceKind } from './types';

export interface Place {
  id: string;
  name: string;
  kind: PlaceKind;
  province: string;
  country: string;
  neighbor?: string;
  lat?: number;
  lon?: number;
  provinceKey?: string;
  /** Found by general phrasing, not in the gazetteer. */
  general?: boolean;
}

export type CorefKind = 'city' | 'crossing' | 'town' | 'capital' | 'provcapital';

export interface PlaceMention {
  start: number;
  end: number;
  sent: number;
  kind: 'place' | 'province' | 'country' | 'coref';
  place?: Place;
  province?: GazProvince;
  country?: CountryInfo;
  demonym?: boolean;
  coref?: CorefKind;
  /** Sentence of the antecedent, for a resolved coreference. */
  antecedentSent?: number;
  /** A name shared by a province and its capital, read as the city. */
  ambiguous?: boolean;
  /** The noun this mention modifies ("Kunduz residents" -> residents); undefined when it is a head. */
  modifierHead?: string;
  /** Followed by a possessive 's. */
  possessive?: boolean;
  /** How sure we are of the place itself, in [0,1]. */
  quality: number;
  /** Found by general phrasing. */
  general?: boolean;
  /** Only a point of reference for another place ("a town 40 km north of X"): never an antecedent. */
  reference?: boolean;
}

export interface PlaceIndex {
  mentions: PlaceMention[];
  /** Mention index covering each token, or -1. */
  at: Int32Array;
  /** Country of the story (most mentioned), for actors like "Afghan forces". */
  storyCountry?: string;
}

const ADMIN_WORDS = new Set([
  'province',
  'region',
  'state',
  'governorate',
  'oblast',
  'department',
  'prefecture',
  'county',
  'district',
  'territory',
  'emirate',
  'wilaya',
  'muhafazah',
]);
const ADJ = new Set([
  'northern',
  'southern',
  'eastern',
  'western',
  'north',
  'south',
  'east',
  'west',
  'northeastern',
  'northwestern',
  'southeastern',
  'southwestern',
  'central',
  'key',
  'strategic',
  'important',
  'main',
  'major',
  'restive',
  'volatile',
  'remote',
  'mountainous',
  'neighbouring',
  'neighboring',
  'nearby',
  'besieged',
  'embattled',
  'beleaguered',
  'contested',
  'strategically',
  'vital',
  'lucrative',
  'busy',
  'bustling',
  'trading',
  'commercial',
  'ancient',
  'historic',
  'dusty',
  'small',
  'large',
  'desert',
  'poppy-growing',
  'opium',
  'volatile',
  'troubled',
  'same',
  'crucial',
  'second',
  'largest',
  'second-largest',
  'third-largest',
  'biggest',
  'official',
  'formal',
  'key',
  'sprawling',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
]);
const NAME_CONNECTORS = new Set([
  'al',
  'el',
  'ul',
  'ad',
  'as',
  'ash',
  'at',
  'az',
  'an',
  'e',
  'i',
  'de',
  'du',
  'bin',
  'ibn',
  'abu',
  'da',
  'y',
  'la',
  'le',
  'des',
  'ar',
  'ya',
]);
const NAME_STOP = new Set([
  'the',
  'a',
  'an',
  'in',
  'on',
  'at',
  'by',
  'of',
  'for',
  'to',
  'from',
  'with',
  'and',
  'but',
  'it',
  'its',
  'he',
  'she',
  'they',
  'we',
  'this',
  'that',
  'taliban',
  'afghan',
  'government',
  'officials',
  ...CALENDAR_WORDS,
  'islamic',
  'state',
  'army',
  'president',
  'minister',
  'ministry',
  'reuters',
  'afp',
  'police',
  'security',
  'provincial',
  'province',
  'city',
  'town',
  'capital',
  'border',
  'crossing',
  'district',
  'after',
  'before',
  'when',
  'while',
  'if',
  'as',
  'there',
  'some',
  'many',
  'most',
  'fighters',
  'forces',
  'troops',
  'residents',
  'meanwhile',
  'however',
  'also',
  'earlier',
  'later',
  'late',
  'early',
  'last',
  'mr',
  'mrs',
  'gen',
  'general',
  'spokesman',
]);
const COREF_DETERMINERS = new Set(['the', 'this', 'that', 'its']);
const PROVINCE_CONTEXT_BEFORE = new Set([
  'districts',
  'district',
  'across',
  'throughout',
  'rural',
  'provinces',
  'province',
]);
const REPORTING_AFTER = new Set([
  'said',
  'says',
  'told',
  'added',
  'explained',
  'stated',
  'wrote',
  'tweeted',
  'asked',
  'recalled',
  'remembered',
  'smiled',
  'laughed',
  'cried',
  'replied',
  'insisted',
  'continued',
  'whispered',
]);

const corefTable = new PhraseTable(Object.entries(COREF_NOUNS));

/** Mention index covering token k, or -1 (also outside the token range). */
function safeAt(at: Int32Array, k: number): number {
  return k >= 0 && k < at.length ? at[k] : -1;
}

/** Nouns a place name can modify ("Kunduz residents"): the name is then not the head of its phrase. */
const MODIFIER_HEADS = new Set([
  // the state, not the city: "the Kabul government", "the Damascus regime"
  'government',
  'administration',
  'regime',
  'authorities',
  'leadership',
  ...INNER_CITY,
  ...NON_PLACE_HEADS,
  'residents',
  'police',
  'governor',
  'officials',
  'official',
  'council',
  'authorities',
  'people',
  'traders',
  'highway',
  'road',
  'route',
  'river',
  'valley',
  'corps',
  'garrison',
  'commander',
  'commanders',
  'chief',
  'native',
  'natives',
  'airport',
  'deputy',
  'mayor',
  'spokesman',
  'media',
  'journalists',
  'elders',
  'lawmaker',
  'lawmakers',
  'representatives',
  'delegation',
  'team',
  'operations',
  'offensive',
  'campaign',
  'front',
  'frontline',
  'front-line',
  'trade',
  'traffic',
  'customs',
  'revenue',
  'agreement',
  'accord',
  'talks',
  'process',
  'model',
  'story',
  'university',
  'hospital',
  'residents',
  'families',
  'refugees',
  'jail',
  'prison',
  'province',
]);

// The place pass in order: gazetteer matches, then province/capital phrasing, general phrasing,
// coreference and the story country; each step needs the previous one's mentions.
export function findPlaces(doc: Doc, gaz: Gazetteer): PlaceIndex {
  const { tokens, keys, sentOf } = doc;
  const n = tokens.length;
  const mentions: PlaceMention[] = [];
  const requireCap = doc.hasLowercase;
  let canStart: Uint8Array | undefined;
  if (requireCap) {
    canStart = new Uint8Array(n);
    for (let i = 0; i < n; i++) canStart[i] = tokens[i].cap ? 1 : 0;
  }
  const raw = gaz.automaton.findAll(
    keys,
    doc.bodyTok,
    n,
    (s, e) => {
      if (sentOf[s] !== sentOf[e - 1]) return false;
      if (requireCap && !tokens[s].cap) return false;
      return true;
    },
    canStart,
  );

  for (const m of raw) {
    const places: GazPlace[] = [];
    const provs: GazProvince[] = [];
    const countries: { country: CountryInfo; demonym: boolean }[] = [];
    for (const p of m.payloads) {
      if (p.type === 'place') places.push(p.place);
      else if (p.type === 'province') provs.push(p.province);
      else countries.push(p);
    }
    const sent = sentOf[m.start];
    if (places.length) {
      places.sort((a, b) => a.rank - b.rank);
      const place = places[0];
      if (isPersonName(doc, m.start, m.end)) continue;
      if (riverLike(doc, m.start, m.end)) continue;
      if (provs.length) {
        const prov = provs.find((p) => p.key === place.provinceKey) ?? provs[0];
        if (readsAsProvince(doc, m.start, m.end)) {
          mentions.push({ start: m.start, end: m.end, sent, kind: 'province', province: prov, quality: 1 });
          continue;
        }
        mentions.push({
          start: m.start,
          end: m.end,
          sent,
          kind: 'place',
          place,
          ambiguous: true,
          quality: 0.92,
        });
        continue;
      }
      mentions.push({ start: m.start, end: m.end, sent, kind: 'place', place, quality: 1 });
    } else if (provs.length) {
      if (isPersonName(doc, m.start, m.end)) continue;
      mentions.push({ start: m.start, end: m.end, sent, kind: 'province', province: provs[0], quality: 1 });
    } else if (countries.length) {
      mentions.push({
        start: m.start,
        end: m.end,
        sent,
        kind: 'country',
        country: countries[0].country,
        demonym: countries[0].demonym,
        quality: 1,
      });
    }
  }

  const at = new Int32Array(n).fill(-1);
  const index = () => {
    mentions.sort((a, b) => a.start - b.start);
    at.fill(-1);
    mentions.forEach((m, i) => {
      for (let k = m.start; k < m.end; k++) at[k] = i;
    });
  };
  index();

  provincesByCompany(doc, gaz, mentions);
  provinceCapitalPhrases(doc, gaz, mentions);
  index();
  generalPhrasing(doc, gaz, mentions, at);
  index();
  corefPhrases(doc, mentions, at);
  index();
  for (const m of mentions) {
    annotateHead(doc, m);
    m.reference = isReferencePoint(doc, m.start);
  }
  resolveCoreference(doc, mentions);

  // World places whose name needs the report's country to fit (world-fit.ts).
  if (dropUnfitWorldPlaces(mentions)) index();
  // Story country: the most mentioned among gazetteer places and country names (not demonyms of neighbours).
  const counts = new Map<string, number>();
  for (const m of mentions) {
    const c =
      m.kind === 'place' && m.place
        ? m.place.country
        : m.kind === 'province' && m.province
          ? m.province.country
          : undefined;
    if (c && c !== 'unknown') counts.set(c, (counts.get(c) ?? 0) + 2);
  }
  let storyCountry: string | undefined;
  let best = 0;
  for (const [c, k] of counts) if (k > best) [storyCountry, best] = [c, k];
  return { mentions, at, storyCountry };
}

/**
 * "crossed the Dnipro and occupied Kherson": a city's name right after "the" and ending its noun
 * phrase (punctuation or a conjunction next) is a river or a region named like the city, not the city.
 */
function riverLike(doc: Doc, s: number, e: number): boolean {
  const { lows, tokens } = doc;
  if (s === 0 || lows[s - 1] !== 'the' || tokens[s - 1].cap) return false;
  const next = tokens[e];
  return !next || !next.word || lows[e] === 'and' || lows[e] === 'or' || lows[e] === 'river';
}

/** "Kunduz province", "the province of Kunduz", "districts of Kunduz", "Kunduz's Imam Sahib district". */
function readsAsProvince(doc: Doc, s: number, e: number): boolean {
  const { lows } = doc;
  const next = lows[e] ?? '';
  if (next === 'province' || next === 'provinces') return true;
  if (
    next === 'provincial' &&
    lows[e + 1] !== 'capital' &&
    lows[e + 1] !== 'center' &&
    lows[e + 1] !== 'centre'
  )
    return true;
  const p1 = lows[s - 1] ?? '';
  const p2 = lows[s - 2] ?? '';
  if (
    (p1 === 'of' || p1 === 'in') &&
    (p2 === 'province' || p2 === 'provinces' || PROVINCE_CONTEXT_BEFORE.has(p2))
  )
    return true;
  if (PROVINCE_CONTEXT_BEFORE.has(p1)) return true;
  if ((p1 === 'of' || p1 === 'in') && p2 === 'parts' && lows[s - 3] === 'other') return true;
  if (next === "'s") {
    for (let k = e + 1; k < Math.min(lows.length, e + 5); k++)
      if (lows[k] === 'district' || lows[k] === 'districts' || lows[k] === 'province') return true;
  }
  // "capital of Kunduz" / "governor of Kunduz" speak of the province.
  if (p1 === 'of' && (p2 === 'capital' || p2 === 'governor' || p2 === 'capitals')) return true;
  if (
    (p1 === 'of' || p1 === 'in') &&
    ['parts', 'much', 'most', 'swathes', 'swaths'].includes(p2) &&
    lows[s - 3] !== 'city'
  )
    return false;
  return false;
}

function isPersonName(doc: Doc, s: number, e: number): boolean {
  const { tokens, lows } = doc;
  const sent = doc.sentences[doc.sentOf[s]];
  const title = doc.titleCase[sent.index];
  const next = tokens[e];
  // "Farah said", "Ghazni told reporters"
  if (next && next.word && REPORTING_AFTER.has(next.low)) return true;
  // "Farah Karimi": followed by a capitalised word that does not usually follow a place.
  if (
    !title &&
    next &&
    next.word &&
    next.cap &&
    next.nlBefore === 0 &&
    !PLACE_FOLLOWERS.has(next.low) &&
    !TRIGGERS.has(next.low) &&
    !CUES.has(next.low) &&
    !ACTORS.has(next.low)
  ) {
    if (!/^\d/.test(next.raw)) return true;
  }
  // "Gen. Farah", "Mullah Ghazni", "Mohammad Farah"
  let p = s - 1;
  if (p >= sent.tokStart && tokens[p].raw === '.') p--;
  if (p >= sent.tokStart && tokens[p].word && tokens[p].cap && PERSON_TITLES.has(tokens[p].low)) return true;
  if (
    !title &&
    p > sent.tokStart &&
    p === s - 1 &&
    tokens[p].word &&
    tokens[p].cap &&
    tokens[p].nlBefore === 0 &&
    /^[A-Z][a-z]+$/.test(tokens[p].raw)
  ) {
    const pl = tokens[p].low;
    if (
      !NAME_STOP.has(pl) &&
      !PLACE_FOLLOWERS.has(pl) &&
      !ADJ.has(pl) &&
      !TRIGGERS.has(pl) &&
      !CUES.has(pl) &&
      !ACTORS.has(pl) &&
      ![
        'northern',
        'southern',
        'eastern',
        'western',
        'central',
        'greater',
        'old',
        'new',
        'downtown',
      ].includes(pl)
    ) {
      // A capitalised word in mid-sentence right before the name: a first name.
      return true;
    }
  }
  // "Farah, a shopkeeper (in Herat), said" / "Farah, 32," - but not "captured Qalat, a Taliban spokesman said".
  if (next && next.raw === ',') {
    const a = lows[e + 1] ?? '';
    if (/^\d{1,2}$/.test(a) && lows[e + 2] === ',') return true;
    if (a === 'a' || a === 'an') {
      let role = false;
      for (let k = e + 2; k < Math.min(lows.length, e + 10); k++) {
        const l = lows[k];
        if (PERSON_ROLES.has(l)) role = true;
        if (l === ',') return role;
        if (REPORTING_AFTER.has(l) || l === '.' || l === ';') return false;
      }
    }
  }
  return false;
}

function annotateHead(doc: Doc, m: PlaceMention): void {
  const { lows, tokens } = doc;
  const next = tokens[m.end];
  if (!next) return;
  if (lows[m.end] === "'s") {
    m.possessive = true;
    return;
  }
  if (next.word && !next.cap && MODIFIER_HEADS.has(next.low) && m.kind !== 'province')
    m.modifierHead = next.low;
  // "Kunduz-Takhar highway", "Kandahar-based"
  if (next.word && next.hyphenBefore && !next.cap) m.modifierHead = next.low;
}

/** "the fighting in Kunduz and Takhar": a shared name listed with a province-only name is a province. */
function provincesByCompany(doc: Doc, gaz: Gazetteer, mentions: PlaceMention[]): void {
  const { lows } = doc;
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    if (!(m.kind === 'place' && m.ambiguous)) continue;
    for (const n of [mentions[i - 1], mentions[i + 1]]) {
      if (!n || n.kind !== 'province') continue;
      const between = n.start > m.end ? lows.slice(m.end, n.start) : lows.slice(n.end, m.start);
      if (
        between.length &&
        between.length <= 2 &&
        between.every((w) => w === 'and' || w === ',' || w === 'or')
      ) {
        const prov = gaz.provinces.get((m.place as GazPlace).provinceKey);
        if (prov) {
          m.kind = 'province';
          m.province = prov;
          m.place = undefined;
          m.ambiguous = false;
        }
        break;
      }
    }
  }
}

/** "capital of (the northern province of) Badghis (province)", "Badghis's capital", "the Badghis provincial capital", "the Afghan capital". */
/** Words between a province and "capital": "the Tigray regional capital", "the state capital". */
const CAPITAL_ADJ = new Set(['provincial', 'regional', 'state', 'administrative']);

function mentionAt(mentions: PlaceMention[], tok: number): PlaceMention | undefined {
  return mentions.find((m) => m.start === tok);
}

function provinceCapitalPhrases(doc: Doc, gaz: Gazetteer, mentions: PlaceMention[]): void {
  const { lows } = doc;
  const add: PlaceMention[] = [];
  const remove = new Set<PlaceMention>();
  for (const m of mentions) {
    if (m.kind !== 'province' && !(m.kind === 'place' && m.ambiguous)) continue;
    const prov = m.province ?? (m.place?.provinceKey ? gaz.provinces.get(m.place.provinceKey) : undefined);
    if (!prov?.capital) continue;
    const cap = prov.capital;
    // Backwards: "[the] [provincial] capital of [the] [ADJ*] [province of]" + PROV
    let k = m.start - 1;
    while (k >= 0 && ((ADJ.has(lows[k]) && !doc.tokens[k].cap) || lows[k] === 'the')) k--;
    if (lows[k] === 'of' && (lows[k - 1] === 'province' || lows[k - 1] === 'provinces')) {
      k -= 2;
      while (k >= 0 && (ADJ.has(lows[k]) || lows[k] === 'the')) k--;
      if (lows[k] === 'of') k--;
    } else {
      if (lows[k] === 'of') {
        k--;
      } else k = -2;
    }
    if (
      k >= 0 &&
      (lows[k] === 'capital' || lows[k] === 'center' || lows[k] === 'centre') &&
      lows[k] !== undefined
    ) {
      let s = k;
      if (lows[s - 1] === 'provincial') s--;
      if (lows[s - 1] === 'the' || lows[s - 1] === 'its') s--;
      let e = m.end;
      if (lows[e] === 'province' || ADMIN_WORDS.has(lows[e])) e++;
      if (lows[k] === 'capital' || lows[k - 1] === 'provincial') {
        add.push({ start: s, end: e, sent: m.sent, kind: 'place', place: cap, quality: 0.97 });
        remove.add(m);
        continue;
      }
    }
    // Forwards: PROV 's [provincial] capital | the PROV [province|region|state('s)] [provincial|regional|state] capital
    let e = m.end;
    const adminAfter = lows[e] === 'province' || (ADMIN_WORDS.has(lows[e]) && lows[e] !== 'district');
    if (adminAfter && lows[e + 1] === "'s") e += 2;
    else if (lows[e] === "'s") e += 1;
    else if (adminAfter) e += 1;
    if (CAPITAL_ADJ.has(lows[e])) e++;
    // "West Darfur's capital of El Geneina": the name after "of" is that capital itself.
    const ofCapital = lows[e + 1] === 'of' ? mentionAt(mentions, e + 2) : undefined;
    const namesCap = ofCapital?.kind === 'place' && ofCapital.place?.id === cap.id;
    if (lows[e] === 'capital' && lows[e + 1] !== 'city' && (lows[e + 1] !== 'of' || namesCap)) {
      // "the Badghis capital, Qala-i-Naw" is still fine: both point at the same place.
      let s = m.start;
      if (lows[s - 1] === 'the') s--;
      const end = namesCap ? ofCapital.end : e + 1;
      add.push({ start: s, end, sent: m.sent, kind: 'place', place: cap, quality: 0.95 });
      remove.add(m);
    }
  }
  // "the Afghan capital" -> Kabul (the national capital, which is also Kabul province's capital).
  // Elsewhere "the Yemeni capital", "Yemen's capital" -> the world gazetteer's national capital.
  for (const m of mentions) {
    if (m.kind !== 'country' || !m.country) continue;
    const capEnd = m.demonym
      ? lows[m.end] === 'capital' && m.end + 1
      : lows[m.end] === "'s" && lows[m.end + 1] === 'capital' && m.end + 2;
    if (!capEnd || lows[capEnd] === 'of') continue;
    const code = m.country.code;
    const cap =
      code === 'af'
        ? gaz.byId.get('af-kabul-kabul')
        : gaz.places.find((p) => p.national && p.countryCode === code && p.kind === 'provincial_capital');
    if (!cap) continue;
    let s = m.start;
    if (lows[s - 1] === 'the') s--;
    const end = lows[capEnd] === 'city' ? capEnd + 1 : capEnd;
    add.push({ start: s, end, sent: m.sent, kind: 'place', place: cap, quality: 0.95 });
    remove.add(m);
  }
  if (!add.length) return;
  for (let i = mentions.length - 1; i >= 0; i--) if (remove.has(mentions[i])) mentions.splice(i, 1);
  for (const a of add) {
    // Drop anything the new span swallows.
    for (let i = mentions.length - 1; i >= 0; i--) {
      const o = mentions[i];
      if (o.start >= a.start && o.end <= a.end) mentions.splice(i, 1);
    }
    mentions.push(a);
  }
}

interface DynCandidate {
  start: number;
  end: number;
  sent: number;
  name: string;
  kind: PlaceKind;
  province?: string;
  neighbor?: string;
  /** A gazetteer place this phrase names under another spelling. */
  gazPlace?: GazPlace;
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** "the Palestinian side of the Rafah crossing": the crossing is in the country named before "side". */
function sideCountry(doc: Doc, mentions: PlaceMention[], start: number): string | undefined {
  const { lows } = doc;
  let k = start - 1;
  if (lows[k] === 'the') k--;
  if (lows[k] !== 'of' || lows[k - 1] !== 'side') return undefined;
  const m = mentions.find((x) => x.end === k - 1 && x.kind === 'country');
  return m?.country?.name;
}

// Not yet split: one pass over the tokens trying each place phrasing in order (an earlier phrasing
// claims its tokens before a later one looks); the next refactoring step, with the snapshot as guard.
function generalPhrasing(doc: Doc, gaz: Gazetteer, mentions: PlaceMention[], at: Int32Array): void {
  const { tokens, lows } = doc;
  const cands: DynCandidate[] = [];
  const isNameTok = (k: number) => {
    const t = tokens[k];
    return !!t && t.word && t.cap && !NAME_STOP.has(t.low) && safeAt(at, k) < 0;
  };
  const nameBefore = (end: number, sentStart: number): [number, number] | undefined => {
    let k = end - 1;
    if (!isNameTok(k)) return undefined;
    let s = k;
    let count = 0;
    while (k >= sentStart && count < 5) {
      if (isNameTok(k)) {
        s = k;
        count++;
        k--;
      } else if (
        NAME_CONNECTORS.has(lows[k]) &&
        isNameTok(k - 1) &&
        (tokens[k].hyphenBefore || tokens[k + 1].hyphenBefore)
      ) {
        k--;
      } else break;
    }
    return [s, end];
  };
  const nameAfter = (start: number, sentEnd: number): [number, number] | undefined => {
    if (!isNameTok(start)) return undefined;
    let k = start;
    let e = start;
    let count = 0;
    while (k < sentEnd && count < 5) {
      if (isNameTok(k)) {
        e = k + 1;
        count++;
        k++;
      } else if (
        NAME_CONNECTORS.has(lows[k]) &&
        isNameTok(k + 1) &&
        (tokens[k].hyphenBefore || tokens[k + 1].hyphenBefore)
      ) {
        k++;
      } else break;
    }
    return [start, e];
  };
  const text = (s: number, e: number) => doc.text.slice(tokens[s].start, tokens[e - 1].end);
  const countryAt = (k: number): CountryInfo | undefined => {
    const i = safeAt(at, k);
    if (i < 0) return undefined;
    const m = mentions[i];
    return m.kind === 'country' ? m.country : undefined;
  };
  /** Neighbour named after a crossing phrase: "with Turkey", "into Iran", "on the Syrian border", "border with Jordan". */
  const neighborAfter = (from: number, sentEnd: number): string | undefined => {
    if (tokens[from]?.raw === ',') from++;
    for (let k = from; k < Math.min(sentEnd, from + 8); k++) {
      const l = lows[k];
      if (['with', 'into', 'to', 'from'].includes(l)) {
        let j = k + 1;
        if (lows[j] === 'neighbouring' || lows[j] === 'neighboring') j++;
        const c = countryAt(j);
        if (c && !mentions[safeAt(at, j)].demonym) return c.name;
      }
      const c = countryAt(k);
      if (c && mentions[safeAt(at, k)].demonym && lows[mentions[safeAt(at, k)].end] === 'border')
        return c.name;
      if (l === ',' || l === ';' || l === '.') break;
    }
    return undefined;
  };

  for (const sent of doc.sentences) {
    const S = sent.tokStart;
    const E = sent.tokEnd;
    for (let i = Math.max(S, doc.bodyTok); i < E; i++) {
      const l = lows[i];
      // G1: NAME, [the] [provincial] capital of [the] [ADJ*] [province of] PNAME [ADMIN]
      if (l === 'capital' && lows[i + 1] === 'of') {
        let k = i - 1;
        const provincial = lows[k] === 'provincial';
        if (provincial) k--;
        while (k >= S && ADJ.has(lows[k])) k--;
        if (lows[k] === 'the' || lows[k] === 'a') k--;
        if (tokens[k]?.raw !== ',') continue;
        const nm = nameBefore(k, S);
        let j = i + 2;
        if (lows[j] === 'the') j++;
        while (j < E && ADJ.has(lows[j]) && !tokens[j].cap) j++;
        let admin = false;
        if (ADMIN_WORDS.has(lows[j]) && lows[j + 1] === 'of') {
          admin = true;
          j += 2;
        }
        let pname: [number, number] | undefined;
        let provMention: PlaceMention | undefined;
        if (safeAt(at, j) >= 0 && mentions[safeAt(at, j)].kind === 'province') {
          provMention = mentions[safeAt(at, j)];
          pname = [provMention.start, provMention.end];
        } else pname = nameAfter(j, E);
        if (!pname) continue;
        if (ADMIN_WORDS.has(lows[pname[1]])) admin = true;
        if (!admin && !provincial) continue;
        if (!nm) continue;
        const cap = provMention?.province?.capital;
        cands.push({
          start: nm[0],
          end: nm[1],
          sent: sent.index,
          name: text(nm[0], nm[1]),
          kind: 'provincial_capital',
          province: provMention?.province?.name ?? text(pname[0], pname[1]),
          gazPlace: cap,
        });
        continue;
      }
      // G2: the [PNAME] provincial capital (of|,) NAME
      if (l === 'provincial' && lows[i + 1] === 'capital' && (lows[i + 2] === 'of' || lows[i + 2] === ',')) {
        const nm = nameAfter(i + 3, E);
        if (!nm) continue;
        const pn = nameBefore(i, S);
        cands.push({
          start: nm[0],
          end: nm[1],
          sent: sent.index,
          name: text(nm[0], nm[1]),
          kind: 'provincial_capital',
          province: pn ? text(pn[0], pn[1]) : '',
        });
        continue;
      }
      // Crossings
      if (l === 'crossing' || (l === 'border' && ['post', 'gate', 'point', 'town'].includes(lows[i + 1]))) {
        const head = l === 'crossing' ? i : i + 1;
        const isTown = lows[head] === 'town';
        let b = i;
        if (l === 'crossing' && lows[i - 1] === 'border') b = i - 1;
        // C1: the NAME [border] crossing
        if (!isTown) {
          const nm = nameBefore(b, S);
          if (nm && !(safeAt(at, nm[1] - 1) >= 0)) {
            cands.push({
              start: nm[0],
              end: nm[1],
              sent: sent.index,
              name: text(nm[0], nm[1]),
              kind: 'border_crossing',
              neighbor: neighborAfter(head + 1, E),
            });
            continue;
          }
        }
        // C2: [the] border crossing [point] (of|at|in) NAME | the border town of NAME
        let j = head + 1;
        if (lows[j] === 'point') j++;
        if (['of', 'at', 'in'].includes(lows[j]) && !(isTown && lows[j] !== 'of')) {
          const target = j + 1;
          const mi = safeAt(at, target);
          const town = mi >= 0 && mentions[mi].kind === 'place' ? mentions[mi].place : undefined;
          if (town?.kind === 'provincial_capital') {
            // "the border crossing at Zaranj": the crossing of that town if the gazetteer has one.
            const capName = nameKeys(town.name).join(' ');
            const crossing = (gaz.crossingsByProvince.get(town.provinceKey ?? '') ?? []).find((p) =>
              p.nameKeys.some((k) => k.startsWith(capName)),
            );
            if (crossing) {
              cands.push({
                start: mentions[mi].start,
                end: mentions[mi].end,
                sent: sent.index,
                name: crossing.name,
                kind: 'border_crossing',
                gazPlace: crossing,
              });
            }
            continue;
          }
          const nm = nameAfter(target, E);
          if (nm) {
            cands.push({
              start: nm[0],
              end: nm[1],
              sent: sent.index,
              name: text(nm[0], nm[1]),
              kind: 'border_crossing',
              neighbor: neighborAfter(nm[1], E) ?? neighborAfter(head + 1, E),
            });
            continue;
          }
        }
        // C3: NAME, [a|the] [ADJ*] [border] (crossing|town|post)
        let k = b - 1;
        while (k >= S && ADJ.has(lows[k])) k--;
        if (lows[k] === 'the' || lows[k] === 'a') k--;
        if (tokens[k]?.raw === ',') {
          const nm = nameBefore(k, S);
          if (nm)
            cands.push({
              start: nm[0],
              end: nm[1],
              sent: sent.index,
              name: text(nm[0], nm[1]),
              kind: 'border_crossing',
              neighbor: neighborAfter(head + 1, E),
            });
        }
        continue;
      }
      // C5: NAME [,] on the border with COUNTRY | NAME on the DEMONYM border
      if (l === 'on' && lows[i + 1] === 'the') {
        let nb: string | undefined;
        let end = i;
        // "NAME, a (key trading) town on the border with Y"
        let q = i - 1;
        if (['town', 'city', 'crossing', 'port', 'post', 'village', 'hub'].includes(lows[q])) {
          q--;
          while (q > S && (ADJ.has(lows[q]) || lows[q] === 'border' || lows[q] === 'frontier')) q--;
          if ((lows[q] === 'a' || lows[q] === 'the') && tokens[q - 1]?.raw === ',') end = q - 1;
          else continue;
        }
        if ((lows[i + 2] === 'border' || lows[i + 2] === 'frontier') && lows[i + 3] === 'with') {
          const c = countryAt(i + 4);
          if (c) nb = c.name;
        } else {
          const c = countryAt(i + 2);
          if (c && lows[mentions[safeAt(at, i + 2)].end] === 'border') nb = c.name;
        }
        if (!nb) continue;
        let k = end;
        if (tokens[k - 1]?.raw === ',') k--;
        if (tokens[k]?.raw === ',') {
          /* appositive form: NAME , a town on the border with */
        } else if (['town', 'city', 'village'].includes(lows[k - 1])) continue;
        const nm = nameBefore(k, S);
        if (nm)
          cands.push({
            start: nm[0],
            end: nm[1],
            sent: sent.index,
            name: text(nm[0], nm[1]),
            kind: 'border_crossing',
            neighbor: nb,
          });
        else if (safeAt(at, k - 1) >= 0 && mentions[safeAt(at, k - 1)].kind === 'place') end = k; // a gazetteer place: nothing to add
      }
    }
  }
  if (!cands.length) return;

  // The story's country for places we do not know: country names in the text that are not the neighbours.
  const neighbors = new Set(cands.map((c) => c.neighbor).filter(Boolean));
  const counts = new Map<string, number>();
  for (const m of mentions) {
    let c: string | undefined;
    let w = 1;
    if (m.kind === 'country' && m.country && !neighbors.has(m.country.name)) {
      c = m.country.name;
      if (m.demonym) w = 0.6;
    }
    // A capital whose own country is in doubt ("ANKARA" dateline, "Washington") is no evidence;
    // a province is ("Tal Abyad in Raqqa province").
    if (m.kind === 'place' && m.place && !countryInDoubt(m.place)) c = m.place.country;
    if (m.kind === 'province' && m.province) c = m.province.country;
    if (c) counts.set(c, (counts.get(c) ?? 0) + w);
  }
  let storyCountry: string | undefined;
  let best = 0;
  for (const [c, k] of counts) if (k > best) [storyCountry, best] = [c, k];

  const byKey = new Map<string, Place>();
  for (const c of cands) {
    let place: Place;
    if (c.gazPlace) place = c.gazPlace;
    else {
      const key = nameKeys(c.name).join(' ');
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.neighbor && c.neighbor && existing.kind === 'border_crossing')
          existing.neighbor = c.neighbor;
        place = existing;
      } else {
        const country =
          (c.kind === 'border_crossing' ? sideCountry(doc, mentions, c.start) : undefined) ??
          storyCountry ??
          'unknown';
        const info = gaz.countries.find((x) => x.name === country);
        const code = info ? info.code : country === 'unknown' ? 'xx' : slug(country);
        const prov =
          c.province && c.kind === 'provincial_capital'
            ? slug(c.province.replace(/\s+(province|region|state|governorate)$/i, ''))
            : '';
        place = {
          id: [code, prov, slug(c.name)].filter(Boolean).join('-'),
          name: c.name,
          kind: c.kind,
          province: c.province?.replace(/\s+(province|region|state|governorate)$/i, '') ?? '',
          country,
          general: true,
        };
        if (c.neighbor && c.kind === 'border_crossing') place.neighbor = c.neighbor;
        byKey.set(key, place);
      }
    }
    // Replace whatever covered the name (e.g. a capital "Zaranj" read as the Zaranj crossing).
    for (let i = mentions.length - 1; i >= 0; i--) {
      const o = mentions[i];
      if (o.start < c.end && o.end > c.start) mentions.splice(i, 1);
    }
    mentions.push({
      start: c.start,
      end: c.end,
      sent: c.sent,
      kind: 'place',
      place,
      general: !c.gazPlace,
      quality: c.gazPlace ? 0.95 : 0.85,
    });
  }
  // Later bare mentions of a place found by phrasing ("... Bab al-Hawa. Rebels took Bab al-Hawa on Friday").
  if (byKey.size) {
    const covered = new Int32Array(tokens.length).fill(0);
    for (const m of mentions) for (let k = m.start; k < m.end; k++) covered[k] = 1;
    for (const [key, place] of byKey) {
      const ks = key.split(' ');
      for (let i = doc.bodyTok; i + ks.length <= tokens.length; i++) {
        if (covered[i] || doc.keys[i] !== ks[0] || !tokens[i].cap) continue;
        let ok = true;
        for (let j = 1; j < ks.length; j++) if (doc.keys[i + j] !== ks[j] || covered[i + j]) ok = false;
        if (!ok) continue;
        mentions.push({
          start: i,
          end: i + ks.length,
          sent: doc.sentOf[i],
          kind: 'place',
          place,
          general: true,
          quality: 0.85,
        });
        for (let j = 0; j < ks.length; j++) covered[i + j] = 1;
      }
    }
  }
}

function corefPhrases(doc: Doc, mentions: PlaceMention[], at: Int32Array): void {
  const { tokens, lows } = doc;
  for (const sent of doc.sentences) {
    for (let i = Math.max(sent.tokStart, doc.bodyTok); i < sent.tokEnd; i++) {
      if (!COREF_DETERMINERS.has(lows[i]) || safeAt(at, i) >= 0) continue;
      let j = i + 1;
      while (
        j < sent.tokEnd &&
        (ADJ.has(lows[j]) ||
          (lows[j] === 'border' &&
            lows[j + 1] !== 'town' &&
            lows[j + 1] !== 'crossing' &&
            lows[j + 1] !== 'post' &&
            lows[j + 1] !== 'point' &&
            lows[j + 1] !== 'gate' &&
            lows[j + 1] !== 'port')) &&
        safeAt(at, j) < 0
      )
        j++;
      // "the Taliban-held city", "the government-controlled town"
      while (
        j < sent.tokEnd &&
        (doc.actors[j] || lows[j] === 'held' || lows[j] === 'controlled' || lows[j] === 'run') &&
        (tokens[j + 1]?.hyphenBefore || tokens[j].hyphenBefore) &&
        safeAt(at, j) < 0
      )
        j++;
      if (safeAt(at, j) >= 0) continue;
      const m = corefTable.match(lows, j, sent.tokEnd);
      if (!m) continue;
      const e = m.end;
      const next = lows[e] ?? '';
      // Not a reference when a name follows: "the city of Farah", "the provincial capital, Zaranj", "the border town Spin Boldak".
      if (
        next === 'of' ||
        ((next === ',' || next === 'at' || next === 'in') &&
          safeAt(at, e + 1) >= 0 &&
          mentions[safeAt(at, e + 1)].kind === 'place') ||
        safeAt(at, e) >= 0
      )
        continue;
      if (next === 's' || next === 'es') continue;
      // Plurals ("the cities") never match the table; "capital" of a country ("the capital, Kabul") is handled above.
      let kind = m.value;
      if (lows[i] === 'its' && kind === 'capital') kind = 'provcapital';
      if (kind === 'capital' && lows[j - 1] === 'provincial') kind = 'provcapital';
      // "that city" in "a city that ..." is rare; "this town" fine.
      mentions.push({ start: i, end: e, sent: sent.index, kind: 'coref', coref: kind, quality: 0.8 });
      i = e - 1;
    }
  }
}

const COREF_WINDOW = 3;
const STATE_METONYMS = new Set(['government', 'administration', 'regime', 'authorities', 'leadership']);

const PERIPHERAL_PREPS = new Set([
  'from',
  'to',
  'towards',
  'toward',
  'between',
  'via',
  'beyond',
  'near',
  'like',
  'including',
]);

/**
 * "the city" / "the crossing" / "the provincial capital" -> a compatible place. In the same
 * sentence the most recent one; in earlier sentences (up to COREF_WINDOW back) the first one of
 * the nearest sentence that has one (the topic, usually the subject). Places in peripheral
 * phrases ("from Herat", "the road between Kabul and Kandahar", "Herat's districts") are used
 * only when nothing else fits.
 */
function resolveCoreference(doc: Doc, mentions: PlaceMention[]): void {
  const { lows } = doc;
  interface Cand {
    place?: Place;
    province?: GazProvince;
    sent: number;
    peripheral: boolean;
  }
  const history: Cand[] = [];
  const peripheral = (m: PlaceMention) => {
    const p = lows[m.start - 1] ?? '';
    if (PERIPHERAL_PREPS.has(p)) return true;
    if (p === 'and' || p === 'or' || p === ',') {
      for (let k = m.start - 2; k >= Math.max(0, m.start - 8); k--)
        if (lows[k] === 'between' || lows[k] === 'including') return true;
    }
    return !!m.modifierHead || !!m.possessive;
  };
  const compatible = (m: PlaceMention, c: Cand): Place | undefined => {
    if (c.place) {
      const k = c.place.kind;
      if (m.coref === 'crossing' && k === 'border_crossing') return c.place;
      if (
        (m.coref === 'city' || m.coref === 'capital' || m.coref === 'provcapital') &&
        k === 'provincial_capital'
      )
        return c.place;
      if (m.coref === 'town') return c.place;
      return undefined;
    }
    if (c.province?.capital && (m.coref === 'provcapital' || m.coref === 'capital'))
      return c.province.capital;
    // "a Kunduz provincial council member ... the city": Kunduz city.
    if (c.province?.capital && m.coref === 'city' && c.province.capital.sharesProvinceName)
      return c.province.capital;
    return undefined;
  };
  for (const m of mentions) {
    if (m.kind === 'coref') {
      let chosen: { place: Place; sent: number } | undefined;
      let fallback: { place: Place; sent: number } | undefined;
      for (let sent = m.sent; sent >= m.sent - COREF_WINDOW && !chosen; sent--) {
        const inSent = history.filter((c) => c.sent === sent);
        const order = sent === m.sent ? inSent.reverse() : inSent;
        for (const c of order) {
          const place = compatible(m, c);
          if (!place) continue;
          if (c.peripheral) {
            fallback = fallback ?? { place, sent };
            continue;
          }
          chosen = { place, sent };
          break;
        }
      }
      const pick = chosen ?? fallback;
      if (pick) {
        m.place = pick.place;
        m.antecedentSent = pick.sent;
        m.quality = m.sent === pick.sent ? 0.85 : m.sent - pick.sent === 1 ? 0.8 : 0.72;
        history.push({ place: m.place, sent: m.sent, peripheral: peripheral(m) });
      }
      continue;
    }
    // "the Kabul government", "the Damascus regime": the state, not the city a later "the city" means.
    if (m.modifierHead && STATE_METONYMS.has(m.modifierHead)) continue;
    if (m.kind === 'place' && m.place)
      history.push({ place: m.place, sent: m.sent, peripheral: peripheral(m) });
    else if (m.kind === 'province' && m.province)
      history.push({ province: m.province, sent: m.sent, peripheral: peripheral(m) });
  }
}

/** The last place mentioned before token `tok` within `window` sentences (for pronouns: "captured it"). */
const DIRECTION_RE = /^(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(ern)?$/;
const DISTANCE_UNITS = new Set(['km', 'kilometres', 'kilometers', 'miles', 'mile', 'metres', 'meters']);

/** "a town (some 40 km) north of X", "30 km from X": X only locates another place. */
function isReferencePoint(doc: Doc, start: number): boolean {
  const { lows } = doc;
  const p = lows[start - 1];
  if (p === 'of' && DIRECTION_RE.test(lows[start - 2] ?? '')) return true;
  return (p === 'from' || p === 'of') && DISTANCE_UNITS.has(lows[start - 2] ?? '');
}

export function lastPlaceBefore(
  index: PlaceIndex,
  tok: number,
  sent: number,
  window = 1,
  kinds?: PlaceKind[],
): PlaceMention | undefined {
  for (let i = index.mentions.length - 1; i >= 0; i--) {
    const m = index.mentions[i];
    if (m.start >= tok) continue;
    if (sent - m.sent > window) return undefined;
    // the nearest place only locates an unnamed one ("took Rufaa, a town north of X, ... seizing
    // the army headquarters"): what follows is about that other place.
    if (m.reference) return undefined;
    if (!m.place || m.modifierHead) continue;
    if (m.kind !== 'place' && m.kind !== 'coref') continue;
    if (kinds && !kinds.includes(m.place.kind)) continue;
    return m;
  }
  return undefined;
}
