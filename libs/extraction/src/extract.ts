/**
 * Text -> events. For every trigger (seized, fell, attack on, fighting in, under Taliban control,
 * ...) find the place it is about through shallow syntax (object, subject, preposition, appositive,
 * relative clause, list, coreference), then qualify it: negation and modality (not, could,
 * expected to, if, fears of), attempts (tried to take = attack), attribution (who said it, and
 * whether that is a claim, a report, a confirmation or a denial), actor, and date. Mentions are
 * merged into one event per (type, place).
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { addDays, daysBetween, HISTORICAL_DAYS, type DateExpr } from './dates';
import { prepareDoc, type ActorHit, type Doc, type Span } from './doc';
import { getDefaultGazetteer, type Gazetteer } from './gazetteer';
import {
  BOMBING_MODIFIERS,
  SOFT_TARGETS,
  CITY_PARTS,
  CUES,
  INNER_CITY,
  MOST_OF,
  OBJECT_FILLER,
  type CueTag,
  type Side,
  type TriggerCat,
  type TriggerDef,
} from './lexicon';
import { findPlaces, lastPlaceBefore, type Place, type PlaceIndex, type PlaceMention } from './places';
import type { EventLocation, EventStatus, EventType, Evidence, ExtractedEvent, ReportInput } from './types';

// ---------------------------------------------------------------------------------------------
// Word classes used by the linker
const AUX = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'has',
  'have',
  'had',
  'get',
  'got',
  'gets',
  'do',
  'does',
  'did',
  "'s",
  'having',
]);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'got', 'gets', 'getting']);
const ADVERBS = new Set([
  'also',
  'reportedly',
  'finally',
  'eventually',
  'already',
  'quickly',
  'swiftly',
  'briefly',
  'now',
  'then',
  'later',
  'soon',
  'just',
  'still',
  'yet',
  'apparently',
  'effectively',
  'largely',
  'virtually',
  'fully',
  'completely',
  'partially',
  'partly',
  'again',
  'first',
  'initially',
  'temporarily',
  'recently',
  'subsequently',
  'ultimately',
  'successfully',
  'easily',
  'allegedly',
  'purportedly',
  'themselves',
  'itself',
  'reported',
  'all',
  'both',
  'too',
  'even',
  'nearly',
  'almost',
  'narrowly',
  'overnight',
  'simultaneously',
  'rapidly',
  'officially',
  'formally',
  'once',
  'twice',
  'back',
  'ever',
  'never',
  'not',
  "n't",
  'no',
  'longer',
  'only',
]);
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
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'this',
  'that',
  "'s",
  'another',
  'any',
  'no',
  'new',
  'fresh',
  'renewed',
  'major',
  'coordinated',
  'overnight',
  'large-scale',
  'full-scale',
  'massive',
  'heavy',
  'fierce',
  'failed',
  'first',
  'second',
  'latest',
  'recent',
  'final',
  'sustained',
  'multi-pronged',
  'two-pronged',
  'three-pronged',
  'ground',
  'all-out',
  'big',
  'intense',
  'deadly',
  'bloody',
  'swift',
  'rapid',
  'sudden',
  'surprise',
  'twin',
  'simultaneous',
  'concerted',
  'determined',
  'insurgent',
  'militant',
  'rebel',
  'early',
  'dawn',
  'night',
  'nighttime',
  'morning',
  'evening',
  'brazen',
  'audacious',
  'major',
]);
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
const REPORTING: CueTag[] = ['SAY', 'CLAIM', 'CONFIRM', 'DENY'];
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
const CLAIM_WORDS = new Set([
  'claim',
  'claims',
  'claimed',
  'report',
  'reports',
  'rumours',
  'rumors',
  'rumour',
  'rumor',
  'assertion',
  'assertions',
  'propaganda',
  'allegation',
  'allegations',
  'speculation',
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
const PRONOUNS_SUBJ = new Set(['they', 'we', 'it', 'he', 'she']);
const RAISE = new Set([
  'raised',
  'raise',
  'raising',
  'hoisted',
  'hoist',
  'hoisting',
  'planted',
  'unfurled',
  'flew',
  'flying',
]);
const EXPEL = new Set([
  'pushed',
  'push',
  'pushing',
  'drove',
  'drive',
  'driven',
  'driving',
  'forced',
  'forcing',
  'beat',
  'beaten',
  'chased',
  'flushed',
  'expelled',
  'expel',
  'evicted',
  'ousted',
  'routed',
  'cleared',
  'kicked',
  'threw',
]);
const ORDINALS = new Set([
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
  'eleventh',
  'twelfth',
  'latest',
  'last',
  'only',
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
const PLURAL_HEADS = new Set(['capitals', 'cities', 'towns', 'crossings', 'ports', 'centres', 'centers']);
const LIGHT_VERBS = new Set([
  'come',
  'came',
  'comes',
  'coming',
  'become',
  'became',
  'becomes',
  'becoming',
  'fall',
  'be',
]);
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
/** Longest evidence text (the contract allows 5,000 characters). */
const MAX_EVIDENCE_CHARS = 2000;
const CROSSING_NOUNS = new Set(['gate', 'crossing', 'post', 'checkpoint', 'terminal', 'port']);
const AIM_COPULAS = new Set(['is', 'was', 'remains', 'remained', 'became', 'has']);
const AIM_NOUNS = new Set(['mission', 'goal', 'aim', 'objective', 'target', 'plan', 'priority', 'ambition']);
/** Sentences back an undated event looks for the sentence that announced it ("an attack on a capital"). */
const ANNOUNCE_WINDOW = 3;
const GENERIC_TARGETS = new Set(['capital', 'city', 'crossing', 'town']);
const INDEFINITE = new Set(['a', 'an', 'another']);
const STATUS_RANK: Record<EventMention['status'], number> = {
  confirmed: 4,
  reported_attr: 3,
  reported: 2,
  claimed: 1,
  denied: 0,
};
const FALL_NOT = new Set([
  'silent',
  'quiet',
  'short',
  'apart',
  'ill',
  'asleep',
  'victim',
  'prey',
  'behind',
  'below',
  'by',
  'sharply',
  'steeply',
  'dramatically',
  'slightly',
  'back',
  'off',
  'out',
  'down',
  'flat',
  'dark',
  'still',
  'sick',
  'outside',
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
const SEAT = new Set(['compound', 'office', 'offices', 'palace', 'residence', 'mansion', 'headquarters']);
const UNOPPOSED = new Set(['unopposed', 'unchallenged', 'peacefully']);
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

/** A trigger linked to a place. */
interface Link {
  mention: PlaceMention;
  place: Place;
  /** How the place was found; drives confidence. */
  how: 'obj' | 'subj' | 'prep' | 'rel' | 'list' | 'pronoun' | 'poss' | 'appos' | 'implicit';
  /** inner: a building or quarter of the city; parts: part of it; most: most of it; seat: the seat of government. */
  partial?: 'inner' | 'parts' | 'most' | 'seat';
}

interface EventMention {
  type: EventType;
  place: Place;
  sent: number;
  /** Token of the trigger. */
  tok: number;
  evidence: Set<number>;
  counter: boolean;
  status: 'claimed' | 'reported' | 'reported_attr' | 'confirmed' | 'denied';
  actor?: string;
  actorExplicit: boolean;
  date?: string;
  dateExplicit: boolean;
  dateApprox?: boolean;
  confidence: number;
  claimWords: boolean;
  /** Stative ("X is under Taliban control"): weaker than a change verb when merging. */
  stative?: boolean;
  /** An attack read only from "entered"/"defended": subsumed by a capture of the same place. */
  weakAttack?: boolean;
  debug?: string;
}

interface Attribution {
  tag: CueTag;
  pos: number;
  end: number;
  party?: Side;
  /** "... and the group posted videos": a coordinated clause, not an attribution of what precedes. */
  coordinated?: boolean;
}

export interface ExtractOptions {
  gazetteer?: Gazetteer;
  /** Keep the reasoning of each mention in `debug` (for the eval tooling). */
  debug?: boolean;
}

export interface DebugInfo {
  mentions: {
    type: EventType;
    place: string;
    sentence: number;
    status: string;
    counter: boolean;
    dropped?: string;
    why: string;
  }[];
}

// ---------------------------------------------------------------------------------------------

export function extractEvents(report: ReportInput, options: ExtractOptions = {}): ExtractedEvent[] {
  return extractWithDebug(report, options).events;
}

export function extractWithDebug(
  report: ReportInput,
  options: ExtractOptions = {},
): { events: ExtractedEvent[]; debug: DebugInfo } {
  const gaz = options.gazetteer ?? getDefaultGazetteer();
  const doc = prepareDoc(report.text ?? '', report.publishedAt);
  const debug: DebugInfo = { mentions: [] };
  if (!doc.tokens.length) return { events: [], debug };
  const places = findPlaces(doc, gaz);
  const x = new Extractor(doc, places, gaz, debug, !!options.debug);
  x.run();
  return { events: x.aggregate(report.id), debug };
}

class Extractor {
  private mentions: EventMention[] = [];
  private attributions: Attribution[][] = [];
  private sentenceParty: (Side | undefined)[] = [];
  private docInsurgent?: string;
  private unverifiedSents = new Set<number>();
  /** (type|place|sentence) of mentions dropped as historical: an undated retelling in the same sentence is historical too. */
  private historicalKeys = new Map<string, number>();
  private denySents = new Set<number>();
  private lastParty?: Side;

  constructor(
    private doc: Doc,
    private places: PlaceIndex,
    private gaz: Gazetteer,
    private debug: DebugInfo,
    private keepDebug: boolean,
  ) {}

  run(): void {
    const { doc } = this;
    this.docInsurgent = this.namedInsurgent();
    for (const s of doc.sentences)
      this.attributions.push(this.sentenceAttributions(s.tokStart, s.tokEnd, s.index));
    this.propagateQuotes();
    for (const s of doc.sentences) this.sentenceCues(s.index);
    for (const s of doc.sentences) {
      for (let i = Math.max(s.tokStart, doc.bodyTok); i < s.tokEnd; i++) {
        const found = this.triggerAt(i);
        if (!found) continue;
        const { def, end, noun } = found;
        this.handleTrigger(i, end, def, noun, s.index);
        if (!noun) i = end - 1;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Triggers

  private triggerAt(i: number): { def: TriggerDef; end: number; noun: boolean } | undefined {
    const { doc } = this;
    const { lows, tokens } = doc;
    const l = lows[i];
    // Constructions handled in code.
    if (l === 'under') {
      const u = this.underConstruction(i);
      if (u) return u;
    }
    if (
      l === 'in' &&
      (lows[i + 2] === 'hands' ||
        lows[i + 3] === 'hands' ||
        lows[i + 4] === 'hands' ||
        lows[i + 5] === 'hands')
    ) {
      const h = this.handsConstruction(i);
      if (h) return h;
    }
    if (RAISE.has(l)) {
      // "raised their (white) flag over X"
      for (let k = i + 1; k < Math.min(lows.length, i + 6); k++) {
        if (lows[k] === 'flag' || lows[k] === 'flags' || lows[k] === 'banner') {
          if (['over', 'on', 'above', 'in', 'atop', 'at'].includes(lows[k + 1]))
            return { def: { cat: 'capture', lemma: 'raise flag', strength: 0.85 }, end: k + 2, noun: false };
          break;
        }
      }
    }
    if (EXPEL.has(l)) {
      // Passive: "the insurgents were driven out of X", "were pushed back from X".
      if (BE.has(lows[i - 1] ?? '') || (ADVERBS.has(lows[i - 1] ?? '') && BE.has(lows[i - 2] ?? ''))) {
        let e = i + 1;
        if (['back', 'out', 'away'].includes(lows[e])) e++;
        if (lows[e] === 'of' && lows[e - 1] === 'out') e++;
        else if (lows[e] === 'from') e++;
        else e = -1;
        if (e > 0)
          return {
            def: { cat: 'repel', lemma: 'expel', strength: 0.8, participle: true },
            end: e,
            noun: false,
          };
      }
      // "pushed the Taliban (back) out of X", "drove insurgents from X"
      let k = i + 1;
      if (lows[k] === 'the') k++;
      const a = doc.actors[k];
      if (a && !a.def.sourceOnly) {
        let e = a.end;
        if (['back', 'out', 'away'].includes(lows[e])) e++;
        if (lows[e] === 'of' && lows[e - 1] === 'out') e++;
        else if (lows[e] === 'from') e++;
        else e = -1;
        if (e > 0) return { def: { cat: 'repel', lemma: 'expel', strength: 0.8 }, end: e, noun: false };
      }
    }
    const verb = doc.triggers[i];
    const noun = doc.nouns[i];
    if (tokens[i].hyphenBefore && verb && (verb.value.cat === 'control' || verb.value.cat === 'hold'))
      return undefined; // Taliban-controlled, Taliban-held
    if (noun && (!verb || this.nominalContext(i, noun.end)))
      return { def: noun.value, end: noun.end, noun: true };
    if (verb && verb.value.lemma === 'hand') {
      // "handed the city over (to ...)", not "handed a letter".
      let ok = false;
      for (let k = verb.end; k < Math.min(lows.length, verb.end + 8); k++)
        if (
          lows[k] === 'over' ||
          (lows[k] === 'to' && this.doc.actors[k + 1 + (lows[k + 1] === 'the' ? 1 : 0)])
        )
          ok = true;
      if (!ok) return undefined;
    }
    if (verb) {
      // "took place", "take part", "taken to hospital" are not captures; "control" needs a construction.
      if (
        verb.value.lemma === 'take' &&
        [
          'place',
          'part',
          'steps',
          'action',
          'measures',
          'time',
          'refuge',
          'shelter',
          'cover',
          'hold',
          'office',
          'power',
          'charge',
        ].includes(lows[verb.end] ?? '')
      ) {
        if (lows[verb.end] === 'power' || lows[verb.end] === 'charge') {
          // "took power in X" is a capture of X only with "in": handled as capture with prep below.
        } else return undefined;
      }
      if (verb.value.cat === 'control' && !this.controlVerbContext(i)) return undefined;
      // "fell silent", "fell sharply", "fell by a third", "fell to 5 percent", "fell into chaos" (but "fell into Taliban hands").
      if (verb.value.lemma === 'fall' || verb.value.lemma === 'collapse') {
        const nx = lows[verb.end] ?? '';
        if (FALL_NOT.has(nx) && !(nx === 'by' && this.doc.inDate[verb.end + 1] === 1)) return undefined;
        if (nx === 'to' && /^\d/.test(lows[verb.end + 1] ?? '')) return undefined;
        if (nx === 'into' && !lows.slice(verb.end + 1, verb.end + 4).includes('hands')) return undefined;
      }
      return { def: verb.value, end: verb.end, noun: false };
    }
    return undefined;
  }

  private nominalContext(i: number, end: number): boolean {
    const { lows } = this.doc;
    const next = lows[end] ?? '';
    const prev = lows[i - 1] ?? '';
    if (['of', 'on', 'against', 'upon'].includes(next)) return true;
    if (DETERMINERS.has(prev) || this.doc.actors[i - 1] || (i > 0 && mAt(this.places, i - 1) >= 0))
      return true;
    if (prev === 'taliban' || prev === 'insurgent') return true;
    return false;
  }

  private controlVerbContext(i: number): boolean {
    const { lows } = this.doc;
    // "The Taliban (now) control(s) X", "in control of X", "Taliban control of X"
    let k = i - 1;
    while (
      k >= 0 &&
      ['now', 'still', 'fully', 'effectively', 'largely', 'already', 'firmly', 'also'].includes(lows[k])
    )
      k--;
    if (lows[k] === 'in' || lows[k] === 'took' || lows[k] === 'full') return true;
    if (k >= 0 && (this.actorEndingAt(k) || PRONOUNS_SUBJ.has(lows[k]))) return true;
    if (lows[i] === 'controlled' && lows[i + 1] === 'by') return true;
    return false;
  }

  private isDemonym(k: number): boolean {
    const mi = mAt(this.places, k);
    return mi >= 0 && this.places.mentions[mi].kind === 'country' && !!this.places.mentions[mi].demonym;
  }

  private actorEndingAt(k: number): ActorHit | undefined {
    for (let j = k; j >= Math.max(0, k - 4); j--) {
      const a = this.doc.actors[j];
      if (a && a.end === k + 1) return a;
    }
    return undefined;
  }

  /** "under (the) (Taliban) control (of X)", "under attack/fire/assault". */
  private underConstruction(i: number): { def: TriggerDef; end: number; noun: boolean } | undefined {
    const { lows } = this.doc;
    for (let k = i + 1; k < Math.min(lows.length, i + 7); k++) {
      const l = lows[k];
      if (l === 'control')
        return { def: { cat: 'control', lemma: 'under control', strength: 0.8 }, end: i + 1, noun: false };
      if (
        l === 'attack' ||
        l === 'assault' ||
        l === 'fire' ||
        l === 'siege' ||
        l === 'bombardment' ||
        l === 'attacks'
      ) {
        if (l === 'siege') return undefined;
        return {
          def: { cat: 'under_attack', lemma: 'under attack', strength: l === 'fire' ? 0.7 : 0.85 },
          end: k + 1,
          noun: false,
        };
      }
      if (
        ![
          'the',
          'full',
          'complete',
          'total',
          'effective',
          'heavy',
          'sustained',
          'renewed',
          'their',
          'its',
          'our',
          'taliban',
          'government',
          'insurgent',
          'militant',
          'rebel',
          'direct',
          'firm',
          'partial',
          'enemy',
          'intense',
          'constant',
          "'s",
          'group',
          'militants',
          'insurgents',
        ].includes(l) &&
        !this.doc.actors[k] &&
        !this.isDemonym(k)
      )
        return undefined;
    }
    return undefined;
  }

  /** "in Taliban hands", "in the hands of the Taliban", "in government hands". */
  private handsConstruction(i: number): { def: TriggerDef; end: number; noun: boolean } | undefined {
    const { lows } = this.doc;
    for (let k = i + 1; k < Math.min(lows.length, i + 6); k++) {
      if (lows[k] === 'hands')
        return { def: { cat: 'control', lemma: 'in hands', strength: 0.8 }, end: i + 1, noun: false };
      if (
        ![
          'the',
          'taliban',
          'government',
          'insurgent',
          'militant',
          'rebel',
          'enemy',
          'their',
          "'s",
          'group',
          'militants',
          'insurgents',
        ].includes(lows[k]) &&
        !this.doc.actors[k] &&
        !this.isDemonym(k)
      )
        return undefined;
    }
    return undefined;
  }

  private handleTrigger(i: number, end: number, def: TriggerDef, noun: boolean, sent: number): void {
    const cat = def.cat;
    const links: Link[] = [];
    const passive = !noun && this.isPassive(i, end, def);
    const s = this.doc.sentences[sent];
    let stative = false;
    switch (cat) {
      case 'capture':
      case 'retake':
      case 'lose':
      case 'handover':
      case 'sweep':
      case 'enter':
      case 'attack':
      case 'defend':
        if (passive) {
          this.linkPassiveSubject(i, s.tokStart, links);
        } else {
          const o = this.findObject(this.sharedObjectStart(end), s.tokEnd, def);
          if (o) this.pushLinks(links, o, 'obj');
          else {
            const rel = this.relativeAntecedent(i, s.tokStart) ?? this.reducedRelative(i, s.tokStart);
            if (rel) links.push(rel);
            else if (def.lemma === 'take' && lows(this.doc, end) === 'power') {
              const p = this.findPrepPlace(end + 1, s.tokEnd, new Set(['in']), FIGHT_BRIDGE);
              if (p) links.push(p);
            } else if (cat === 'capture' || cat === 'retake') {
              // "the city the Taliban captured": nothing to the right, a place right before the subject.
            }
          }
        }
        break;
      case 'control': {
        if (def.lemma === 'under control' || def.lemma === 'in hands') {
          stative = true;
          this.pushLinks(links, this.findSubject(i, s.tokStart), 'subj');
        } else if (passive || lows(this.doc, end) === 'by') {
          stative = true;
          this.pushLinks(links, this.findSubject(i, s.tokStart), 'subj');
        } else {
          stative = true;
          const o = this.findObject(end, s.tokEnd, def);
          if (o) this.pushLinks(links, o, 'obj');
        }
        break;
      }
      case 'hold': {
        if (passive) {
          this.linkPassiveSubject(i, s.tokStart, links);
        } else {
          const o = this.findObject(this.sharedObjectStart(end), s.tokEnd, def);
          if (o && !o.partial) this.pushLinks(links, o, 'obj');
          else if (!o) {
            const subj = this.findSubject(i, s.tokStart);
            // "the provincial capital held": intransitive only when nothing follows but time/punctuation.
            const nx = lows(this.doc, end);
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
              this.pushLinks(links, subj, 'subj');
          }
        }
        break;
      }
      case 'fall':
      case 'surrender':
      case 'under_attack': {
        const subj = this.findSubject(i, s.tokStart);
        if (subj) this.pushLinks(links, subj, 'subj');
        else if (cat === 'surrender' && !passive) {
          const o = this.findObject(end, s.tokEnd, def);
          if (o) this.pushLinks(links, o, 'obj');
          else {
            const p = this.findPrepPlace(end, s.tokEnd, new Set(['in', 'at']), FIGHT_BRIDGE);
            if (p) links.push(p);
          }
        } else if (cat === 'fall') {
          const first = this.firstToFall(i, s.tokStart);
          if (first) links.push(first);
        }
        break;
      }
      case 'capture_n':
      case 'retake_n':
      case 'attack_n': {
        const next = lows(this.doc, end);
        if (next === 'of' || (cat === 'attack_n' && ATTACK_PREPS.has(next))) {
          if (cat === 'attack_n' && (next === 'in' || next === 'at' || next === 'inside') && this.bombing(i))
            break;
          if (cat === 'attack_n' && this.bombing(i)) break;
          const o = this.findObject(end + 1, s.tokEnd, def, true);
          if (o) this.pushLinks(links, o, 'prep');
        } else if (
          cat === 'attack_n' &&
          (next === 'by' || next === 'launched' || next === 'was' || next === 'came')
        ) {
          // "an attack by the Taliban on X" / "the attack launched on X": look a little further for on/against.
          const p = this.findPrepPlace(end, s.tokEnd, new Set(['on', 'against']), FIGHT_BRIDGE);
          if (p && !this.bombing(i)) links.push(p);
        }
        // "X's fall", "the city's capture"
        if (!links.length && lows(this.doc, i - 1) === "'s") {
          const mi = mAt(this.places, i - 2);
          if (mi >= 0) {
            const m = this.places.mentions[mi];
            if (m.place && (m.kind === 'place' || m.kind === 'coref'))
              links.push({ mention: m, place: m.place, how: 'poss' });
          }
        }
        break;
      }
      case 'fight_n':
      case 'fight_v': {
        const p = this.findPrepPlace(end, s.tokEnd, FIGHT_PREPS, FIGHT_BRIDGE);
        if (p) links.push(p);
        else {
          // "Kunduz, where Taliban fighters are battling government forces"
          const rel = this.relativeAntecedent(i, s.tokStart, true);
          if (rel) links.push(rel);
        }
        break;
      }
      case 'repel': {
        if (def.lemma === 'expel') {
          const o = this.findObject(end, s.tokEnd, def, true);
          if (o) links.push({ mention: o.mention, place: o.place, how: 'prep', partial: o.partial });
          break;
        }
        const p = this.findPrepPlace(end, s.tokEnd, REPEL_PREPS, FIGHT_BRIDGE, true);
        if (p) links.push(p);
        else if (!passive) {
          // "defenders of X repelled ...": a place right before the verb group.
          const subj = this.findSubject(i, s.tokStart);
          if (subj && subj.how !== 'pronoun') this.pushLinks(links, subj, 'subj');
        }
        if (!links.length) {
          // "Our forces are in the city and the enemy has been pushed back": the city of this sentence.
          const m = lastPlaceBefore(this.places, i, sent, 0, ['provincial_capital']);
          if (m && this.isTarget(m)) links.push({ mention: m, place: m.place!, how: 'implicit' });
        }
        break;
      }
    }
    if (!links.length) return;
    for (const link of links) this.makeMention(i, end, def, noun, passive, link, sent, stative);
  }

  private pushLinks(out: Link[], found: (Link & { list?: Link[] }) | undefined, how: Link['how']): void {
    if (!found) return;
    out.push({ ...found, how: found.how ?? how });
    if (found.list) for (const l of found.list) out.push(l);
  }

  private isPassive(i: number, end: number, def: TriggerDef): boolean {
    const { lows } = this.doc;
    if (!def.participle) return false;
    if (lows[end] === 'by') return true;
    let k = i - 1;
    while (k >= 0 && (ADVERBS.has(lows[k]) || lows[k].endsWith('ly'))) k--;
    if (BE.has(lows[k])) return true;
    // Reduced relative: "Zaranj, captured on Friday, ..." / "the city, seized by"
    if (lows[k] === ',' && mAt(this.places, k - 1) >= 0) return true;
    return false;
  }

  private isTarget(m: PlaceMention): boolean {
    return !!m.place && (m.kind === 'place' || m.kind === 'coref');
  }

  /** The object of a verb (or of a preposition after a noun): "seized [the key border town of] X". */
  private findObject(
    from: number,
    limit: number,
    def: TriggerDef,
    afterPrep = false,
  ): (Link & { list?: Link[] }) | undefined {
    const { doc, places } = this;
    const { lows, tokens } = doc;
    let partial: Link['partial'];
    let k = from;
    let fillers = 0;
    let seat = false;
    let quantified = false;
    const including = () => (quantified ? this.includingList(k, limit) : undefined);
    const max = from + 12;
    let crossingNoun = false;
    while (k < limit && k < max) {
      // "the Gaza side of the Rafah crossing": holding one side of a crossing is holding the crossing.
      const sideOf = lows[k] === 'side' ? k : lows[k + 1] === 'side' ? k + 1 : -1;
      if (sideOf >= 0 && lows[sideOf + 1] === 'of' && this.crossingAfter(sideOf + 2, limit)) {
        k = sideOf + 2;
        fillers++;
        continue;
      }
      const mi = mAt(places, k);
      if (mi >= 0) {
        const m = places.mentions[mi];
        if (this.isTarget(m)) {
          if (m.modifierHead) {
            if (INNER_CITY.has(m.modifierHead) && m.place!.kind === 'provincial_capital')
              return { mention: m, place: m.place!, how: 'obj', partial: 'inner' };
            return undefined;
          }
          if (m.possessive) {
            // "captured Kunduz's airport" -> inner; "X's fall" handled elsewhere.
            let h = m.end + 1;
            while (
              h < limit &&
              (OBJECT_FILLER.has(lows[h]) || lows[h] === 'main') &&
              !INNER_CITY.has(lows[h])
            )
              h++;
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
          link.list = this.listAfter(m, limit, partial);
          return link;
        }
        if ((m.kind === 'country' && m.demonym) || (m.kind === 'coref' && !m.place)) {
          k = m.end;
          continue;
        }
        return undefined;
      }
      const t = tokens[k];
      const l = lows[k];
      if (!t.word) {
        if (l === '"' || l === '“' || l === '”' || l === "'") {
          k++;
          continue;
        }
        // "captured a sixth provincial capital, Aybak": the name in apposition.
        if (l === ',' && fillers > 0) {
          const mi = mAt(places, k + 1);
          if (mi >= 0 && this.isTarget(places.mentions[mi])) {
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
        if (m && this.isTarget(m)) return { mention: m, place: m.place!, how: 'pronoun', partial };
        return undefined;
      }
      if (CITY_PARTS.has(l) && (lows[k + 1] === 'of' || (lows[k + 1] === 'in' && INNER_CITY.has(l)))) {
        partial = 'parts';
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
          partial = seat ? 'seat' : 'inner';
          k = j + 1;
          fillers++;
          continue;
        }
        if (seat && !afterPrep) {
          // "seized the governor's compound": the seat of the city named just before.
          const m = lastPlaceBefore(places, from, doc.sentOf[from], 1, ['provincial_capital']);
          if (m && this.isTarget(m)) return { mention: m, place: m.place!, how: 'implicit', partial: 'seat' };
        }
        const imp = this.implicitCity(from, j, def);
        if (imp) return { ...imp, partial: 'inner' };
        return undefined;
      }
      if (CITY_PARTS.has(l) && lows[k + 1] !== 'of') {
        // "infiltrated the eastern suburbs overnight" (of the city this sentence is about)
        const imp = this.implicitCity(from, k + 1, def);
        if (imp) return { ...imp, partial: 'parts' };
      }
      if (['crossing', 'post', 'port', 'point', 'gate', 'border', 'crossings'].includes(l))
        crossingNoun = true;
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
      if (OBJECT_FILLER.has(l) || QUANTIFIERS.has(l)) {
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

  /** "... every crossing on Syria's northern frontier, including Bab al-Hawa" */
  /** "Torkham [border] gate|crossing|post": the name as the modifier of a crossing noun. */
  private crossingNounAfter(k: number): boolean {
    const { lows } = this.doc;
    if (lows[k] === 'border') k++;
    return CROSSING_NOUNS.has(lows[k] ?? '');
  }

  private crossingAfter(k: number, limit: number): boolean {
    if (this.doc.lows[k] === 'the') k++;
    const mi = k < limit ? mAt(this.places, k) : -1;
    return mi >= 0 && this.places.mentions[mi].place?.kind === 'border_crossing';
  }

  private includingList(from: number, limit: number): (Link & { list?: Link[] }) | undefined {
    const { lows } = this.doc;
    for (let k = from; k < Math.min(limit, from + 15); k++) {
      if (lows[k] === 'including' || (lows[k] === 'such' && lows[k + 1] === 'as')) {
        let j = k + (lows[k] === 'such' ? 2 : 1);
        while (j < limit && OBJECT_FILLER.has(lows[j])) j++;
        const mi = mAt(this.places, j);
        if (mi < 0) return undefined;
        const m = this.places.mentions[mi];
        if (!this.isTarget(m) || m.modifierHead) return undefined;
        return { mention: m, place: m.place!, how: 'list', list: this.listAfter(m, limit, undefined) };
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
  private implicitCity(from: number, after: number, def: TriggerDef): Link | undefined {
    if (!ATTACKISH.has(def.cat) && def.cat !== 'capture') return undefined;
    const l = this.doc.lows[after] ?? '';
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
    const m = lastPlaceBefore(this.places, from, this.doc.sentOf[from], 0, ['provincial_capital']);
    if (!m || !this.isTarget(m)) return undefined;
    return { mention: m, place: m.place!, how: 'implicit' };
  }

  /** "captured Kunduz, Sar-e Pol and Taloqan" */
  private listAfter(m: PlaceMention, limit: number, partial: Link['partial']): Link[] {
    const { lows } = this.doc;
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
      const mi = mAt(this.places, j);
      if (mi < 0) break;
      const n = this.places.mentions[mi];
      if (n.kind === 'province' || n.kind === 'country') {
        k = n.end;
        continue;
      }
      if (!this.isTarget(n) || n.modifierHead || n.possessive) break;
      // A verb right after the next name ("..., and Kunduz fell") starts a new clause.
      const after = this.doc.triggers[n.end];
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

  /** The subject of an intransitive/passive verb: "X (, the capital of Y,) was attacked", "X fell". */
  private findSubject(i: number, sentStart: number): (Link & { list?: Link[] }) | undefined {
    const { doc, places } = this;
    const { lows, tokens } = doc;
    let apposFallback: PlaceMention | undefined;
    const fail = (): (Link & { list?: Link[] }) | undefined =>
      apposFallback ? { mention: apposFallback, place: apposFallback.place!, how: 'appos' } : undefined;
    let k = i - 1;
    let steps = 0;
    let appos = false;
    while (k >= sentStart && steps++ < 16) {
      const mi = mAt(places, k);
      if (mi >= 0) {
        const m = places.mentions[mi];
        if (this.isTarget(m)) {
          // "the Torkham border gate was seized": the gate is the crossing.
          const crossingHead = m.place!.kind === 'border_crossing' && this.crossingNounAfter(m.end);
          if ((m.modifierHead || m.possessive) && !crossingHead) {
            // "Kunduz police headquarters was attacked" -> inner attack on the city.
            if (m.modifierHead && INNER_CITY.has(m.modifierHead) && m.place!.kind === 'provincial_capital')
              return { mention: m, place: m.place!, how: 'subj', partial: 'inner' };
            return fail();
          }
          // Inside a prepositional phrase ("revenue at Islam Qala fell") the place is not the subject,
          // unless it locates soldiers ("government forces in Aybak surrendered").
          const p = lows[m.start - 1] ?? '';
          if (PP_PREPS.has(p) && m.start - 1 >= sentStart) {
            const a = this.actorEndingAt(m.start - 2);
            const okForces =
              (p === 'in' || p === 'at') && a && !a.def.sourceOnly && a.def.side === 'government';
            const okOf =
              (p === 'of' &&
                ['city', 'town', 'port', 'crossing', 'capital', 'centre', 'center'].includes(
                  lows[m.start - 2] ?? '',
                )) ||
              // "the border gate at Rafah (was seized)"
              ((p === 'at' || p === 'of') &&
                m.place!.kind === 'border_crossing' &&
                CROSSING_NOUNS.has(lows[m.start - 2] ?? ''));
            if (!okForces && !okOf) return fail();
          }
          const link: Link & { list?: Link[] } = {
            mention: m,
            place: m.place!,
            how: appos ? 'appos' : 'subj',
          };
          link.list = this.listBefore(m, sentStart);
          return link;
        }
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
          if (m && this.isTarget(m)) return { mention: m, place: m.place!, how: 'pronoun' };
          return fail();
        }
        // "X, which fell ..." / "X that was captured"
        let j = k - 1;
        if (lows[j] === ',') j--;
        const mj = mAt(places, j);
        if (mj >= 0 && this.isTarget(places.mentions[mj]) && !places.mentions[mj].modifierHead) {
          const m = places.mentions[mj];
          return { mention: m, place: m.place!, how: 'rel' };
        }
        return fail();
      }
      if (t.raw === ',') {
        // Skip an appositive or relative clause: ", the capital of Badghis province," / ", which ... ,"
        let j = k - 1;
        let depth = 0;
        while (j >= sentStart && tokens[j].raw !== ',' && depth < 25) {
          j--;
          depth++;
        }
        if (j < sentStart || tokens[j].raw !== ',') return fail();
        // ", Parun," - an appositive that is itself the name; "capitals, Qalat and Tirin Kot," - a list.
        const inSeg = places.mentions.filter(
          (m) => m.start > j && m.end <= k && this.isTarget(m) && !m.modifierHead,
        );
        if (inSeg.length === 1 && inSeg[0].start === j + 1 && inSeg[0].end === k)
          apposFallback = apposFallback ?? inSeg[0];
        if (inSeg.length && PLURAL_HEADS.has(lows[j - 1] ?? '')) {
          const [first, ...rest] = inSeg;
          return {
            mention: first,
            place: first.place!,
            how: 'appos',
            list: rest.map((m) => ({ mention: m, place: m.place!, how: 'list' as const })),
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
          this.segmentMentions(j + 1, k) ||
          REPORTING.includes(this.cueTag(k - 1) ?? 'NEG') ||
          REPORTING.includes(this.cueTag(j + 1) ?? 'NEG') ||
          this.segmentHasReporting(j + 1, k);
        if (!segmentIsAppositive) return fail();
        k = j - 1;
        appos = true;
        continue;
      }
      if (l === ':') {
        // Bulletin style "Spin Boldak: crossing remains under Taliban control" - the heading is the topic.
        const mi = mAt(places, k - 1);
        if (mi >= 0) {
          const m = places.mentions[mi];
          let q = m.start - 1;
          while (q >= sentStart && !tokens[q].word) q--;
          if (q < sentStart && this.isTarget(m)) return { mention: m, place: m.place!, how: 'appos' };
        }
        return fail();
      }
      if (
        SUBJ_SKIP.has(l) ||
        l.endsWith('ly') ||
        this.cueTag(k) === 'NEG' ||
        this.cueTag(k) === 'MODAL' ||
        this.cueTag(k) === 'ALMOST' ||
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
        const mq = mAt(places, q);
        if (mq >= 0 && places.mentions[mq].place?.kind === 'border_crossing') {
          k = q;
          continue;
        }
      }
      // "the Ai Khanum port on the Tajik border (had been captured)", "Qalat in Zabul province"
      if (PP_TAILS.has(l) || this.isDemonym(k)) {
        let q = k - 1;
        while (
          q >= sentStart &&
          k - q < 6 &&
          (PP_FILLER.has(lows[q]) ||
            (mAt(places, q) >= 0 &&
              places.mentions[mAt(places, q)].kind !== 'place' &&
              places.mentions[mAt(places, q)].kind !== 'coref'))
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

  private segmentMentions(s: number, e: number): boolean {
    for (let k = s; k < e; k++) if (mAt(this.places, k) >= 0) return true;
    return false;
  }
  private segmentHasReporting(s: number, e: number): boolean {
    for (let k = s; k < e; k++) {
      const c = this.cueTag(k);
      if (c && REPORTING.includes(c)) return true;
    }
    return false;
  }

  private listBefore(m: PlaceMention, sentStart: number): Link[] {
    const { lows } = this.doc;
    const out: Link[] = [];
    let k = m.start - 1;
    let guard = 0;
    while (k >= sentStart && guard++ < 12) {
      let j = k;
      if (lows[j] === 'and' || lows[j] === ',') {
        j--;
        if (lows[j] === ',') j--;
      } else break;
      const mi = mAt(this.places, j);
      if (mi < 0) break;
      const n = this.places.mentions[mi];
      if (!this.isTarget(n) || n.modifierHead || n.possessive) break;
      out.push({ mention: n, place: n.place!, how: 'list' });
      k = n.start - 1;
    }
    return out;
  }

  /** "Zaranj, which the Taliban captured", "the crossing that insurgents seized". */
  private relativeAntecedent(i: number, sentStart: number, where = false): Link | undefined {
    const { lows } = this.doc;
    const cs = this.doc.clauseStart[i];
    if (cs < sentStart) return undefined;
    const l = lows[cs];
    if (where ? l !== 'where' : l !== 'which' && l !== 'that') return undefined;
    let j = cs - 1;
    if (lows[j] === ',') j--;
    const mi = mAt(this.places, j);
    if (mi < 0) return undefined;
    const m = this.places.mentions[mi];
    if (!this.isTarget(m) || m.modifierHead) return undefined;
    return { mention: m, place: m.place!, how: 'rel' };
  }

  /** "Islam Qala, the crossing they seized on Friday": object-less verb after "<place> <subject>". */
  private reducedRelative(i: number, sentStart: number): Link | undefined {
    const { lows } = this.doc;
    let k = i - 1;
    while (k >= sentStart && (AUX.has(lows[k]) || ADVERBS.has(lows[k]))) k--;
    // the subject: a pronoun or an actor
    if (PRONOUNS_SUBJ.has(lows[k])) k--;
    else {
      const a = this.actorEndingAt(k);
      if (!a) return undefined;
      k = a.start - 1;
    }
    const mi = mAt(this.places, k);
    if (mi < 0) return undefined;
    const m = this.places.mentions[mi];
    if (!this.isTarget(m) || m.modifierHead || m.possessive) return undefined;
    return { mention: m, place: m.place!, how: 'rel' };
  }

  /** "Zaranj became the first provincial capital to fall" */
  /** A passive trigger's subject, or "the first provincial capital to be captured". */
  private linkPassiveSubject(i: number, sentStart: number, links: Link[]): void {
    const subj = this.findSubject(i, sentStart);
    if (subj) this.pushLinks(links, subj, 'subj');
    else if (lows(this.doc, i - 1) === 'be' && lows(this.doc, i - 2) === 'to') {
      const first = this.firstToFall(i - 1, sentStart);
      if (first) links.push(first);
    }
  }

  /** Where an active trigger's object starts: after a coordinated second trigger ("attacked and captured X": the object is shared). */
  private sharedObjectStart(end: number): number {
    if ((lows(this.doc, end) === 'and' || lows(this.doc, end) === 'or') && this.doc.triggers[end + 1]) {
      const t2 = this.doc.triggers[end + 1]!;
      if (['capture', 'retake', 'attack', 'enter', 'sweep'].includes(t2.value.cat)) return t2.end;
    }
    return end;
  }

  private firstToFall(i: number, sentStart: number): Link | undefined {
    const { lows } = this.doc;
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
      const mi = mAt(this.places, j);
      if (mi >= 0 && this.isTarget(this.places.mentions[mi]) && !this.places.mentions[mi].modifierHead) {
        const m = this.places.mentions[mi];
        return { mention: m, place: m.place!, how: 'subj' };
      }
    }
    return undefined;
  }

  /** A place after one of `preps`, bridging over words like "broke out", actors, "between ... and ...". */
  private findPrepPlace(
    from: number,
    limit: number,
    preps: Set<string>,
    bridge: Set<string>,
    allowActors = true,
  ): Link | undefined {
    const { lows, tokens } = this.doc;
    let k = from;
    let guard = 0;
    while (k < limit && guard++ < 10) {
      const l = lows[k];
      if (preps.has(l)) {
        if ((l === 'near' || l === 'outside') && /^\d/.test(lows[k - 2] ?? '')) return undefined; // "20 km outside"
        const o = this.findObject(k + 1, limit, { cat: 'fight_n', lemma: 'prep', strength: 1 }, true);
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
        (allowActors && (this.doc.actors[k] || this.actorEndingAt(k))) ||
        this.doc.inDate[k] === 1 ||
        this.cueTag(k) === 'REPORTEDLY'
      ) {
        k++;
        continue;
      }
      if (this.doc.nouns[k] && this.doc.nouns[k]!.value.cat === 'attack_n') {
        k = this.doc.nouns[k]!.end;
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
      void tokens;
      return undefined;
    }
    return undefined;
  }

  private bombing(i: number): boolean {
    const { lows } = this.doc;
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      const l = lows[k];
      if (BOMBING_MODIFIERS.has(l)) return true;
      if (l === 'the' || l === 'a' || l === 'an' || l === ',' || l === '.') break;
    }
    return false;
  }

  private cueTag(k: number): CueTag | undefined {
    const c = this.doc.cueCover[k];
    return c >= 0 ? this.doc.cues[c]?.value : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Mentions: modality, type, actor, status, date

  private makeMention(
    i: number,
    end: number,
    def: TriggerDef,
    noun: boolean,
    passive: boolean,
    link: Link,
    sent: number,
    stative: boolean,
  ): void {
    const { doc } = this;
    const place = link.place;
    const crossing = place.kind === 'border_crossing';
    let cat: TriggerCat = def.cat;
    const mod = this.modality(i, end, def, noun, sent);
    const why: string[] = [`${def.lemma}/${link.how}${link.partial ? '/' + link.partial : ''}`];
    let counter = false;
    let strength = def.strength;

    // "entered X unopposed / without a fight": a capture, not an attack.
    if (cat === 'enter' && this.unopposedAfter(link.mention.end, doc.sentences[sent].tokEnd)) {
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
      ? this.actorFromHit(this.subjectActor(i, doc.sentences[sent].tokStart), place)
      : this.actorOf(i, end, cat, passive, link, sent, def);
    let actorSide = actorInfo.side;

    // Stative control/hold: who holds it decides between capture and "still held".
    if (cat === 'control') {
      // "came/returned/was brought under government control" is a change; "remains under" is not.
      let change = false;
      for (let q = i - 1; q >= Math.max(doc.sentences[sent].tokStart, i - 4); q--)
        if (CHANGE_MARKERS.has(doc.lows[q])) change = true;
      if (actorSide === 'government' && change && !mod.noLonger) {
        cat = 'retake';
        why.push('change');
      } else if (actorSide === 'government' && !mod.noLonger) cat = 'hold';
      else if (actorSide === 'government' && mod.noLonger) {
        cat = 'capture';
        actorInfo.actor = undefined;
        actorInfo.explicit = false;
        actorInfo.side = 'insurgent';
        actorSide = 'insurgent';
      } else if (!actorSide) {
        if (def.lemma === 'under control' || def.lemma === 'in hands') return; // "the situation is under control"
        cat = 'capture';
      } else cat = 'capture';
    }
    if (cat === 'hold' && actorSide === 'insurgent' && !mod.neg) cat = 'capture';
    if (cat === 'repel' && link.partial === undefined && crossing) return;

    // "withdrew from the airport of X" / "recaptured parts of X" say nothing about X as a whole.
    if (
      (def.lemma === 'withdraw' || cat === 'retake' || cat === 'retake_n') &&
      (link.partial === 'parts' || link.partial === 'inner')
    )
      return;
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
      if (crossing && link.partial === 'seat') return;
      if (crossing) type = 'border_crossing_control_change';
      else if (link.partial === 'inner' || link.partial === 'parts') {
        type = 'provincial_capital_attack';
        why.push('partial->attack');
      } else type = 'provincial_capital_captured';
      if (crossing && (link.partial === 'inner' || link.partial === 'parts')) return;
    } else if (attackLike) {
      if (crossing) return; // attacks on crossings are not an event type; a change of control is
      type = 'provincial_capital_attack';
    } else if (cat === 'capture' || cat === 'retake')
      type = crossing ? 'border_crossing_control_change' : 'provincial_capital_captured';
    if (!type) return;
    // "the attack on Kabul airport", "rockets hit the hospital in X": not an assault on the city.
    if (
      type === 'provincial_capital_attack' &&
      link.partial === 'inner' &&
      ['attack', 'attack_n', 'under_attack'].includes(cat) &&
      this.softTarget(link, i)
    ) {
      this.note(type, place, sent, 'soft-target', why);
      return;
    }

    // Attempts and failures: a capture that was tried is an attack.
    if (mod.attempt && type === 'provincial_capital_captured') {
      type = 'provincial_capital_attack';
      why.push('attempt->attack');
    } else if (mod.attempt && type === 'border_crossing_control_change') {
      if (mod.fail) return;
      why.push('attempt');
      return;
    }
    if (mod.hypothetical) {
      this.note(type, place, sent, 'hypothetical', why.concat(mod.why));
      return;
    }
    if (mod.neg && !mod.attempt) {
      if (type === 'provincial_capital_attack') {
        this.note(type, place, sent, 'negated', why.concat(mod.why));
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
    let actor = this.finalActor(actorInfo, cat, place, counter);
    if (counter) {
      const holderIsInsurgent = cat === 'hold' && actorInfo.side === 'insurgent';
      if (cat === 'hold' || !actorInfo.actor)
        actor = holderIsInsurgent
          ? { actor: 'government forces', side: 'government', explicit: false }
          : { actor: this.fallbackInsurgent(place), side: 'insurgent', explicit: false };
    }

    // Date
    const dateExpr = this.dateFor(i, end, sent, stative);
    if (dateExpr?.future) {
      this.note(type, place, sent, 'future', why);
      return;
    }
    if (dateExpr?.historical || (mod.historic && !dateExpr?.date)) {
      this.historicalKeys.set(
        `${type}|${place.id}|${sent}`,
        Math.min(i, this.historicalKeys.get(`${type}|${place.id}|${sent}`) ?? Infinity),
      );
      this.note(type, place, sent, 'historical', why);
      return;
    }

    // Status
    const st = this.status(i, end, sent, type, actor.side, mod);
    why.push(st.why);
    let status = st.status;
    if (counter && status !== 'denied') status = 'denied';

    // Confidence of this reading
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
    if (mod.attempt) conf *= 0.85;
    if (mod.hedge) conf *= 0.9;
    if (st.rumour) conf *= 0.8;
    if (stative) conf *= 0.9;
    if (counter) conf *= 0.9;

    const evidence = new Set<number>([sent]);
    if (link.mention.antecedentSent !== undefined && link.mention.antecedentSent !== sent)
      evidence.add(link.mention.antecedentSent);
    if (link.how === 'pronoun') {
      const m = link.mention;
      if (m.sent !== sent) evidence.add(m.sent);
    }
    const claimWords =
      this.sentenceHas(sent, CLAIM_WORDS) ||
      (counter &&
        ((sent > 0 && this.sentenceHas(sent - 1, CLAIM_WORDS)) ||
          (sent + 1 < doc.sentences.length && this.sentenceHas(sent + 1, CLAIM_WORDS))));
    this.mentions.push({
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
      weakAttack: cat === 'enter' || cat === 'defend' || link.how === 'implicit',
      debug: this.keepDebug ? why.concat(mod.why).join(' ') : undefined,
    });
    this.note(type, place, sent, undefined, why.concat(mod.why), status, counter);
    void doc;
  }

  /** Is the building or quarter linked to the city a soft target (airport, hospital, market ...)? */
  private softTarget(link: Link, i: number): boolean {
    const { lows } = this.doc;
    if (link.mention.modifierHead && SOFT_TARGETS.has(link.mention.modifierHead)) return true;
    const s = this.doc.sentences[this.doc.sentOf[i]];
    for (let k = i; k < Math.min(s.tokEnd, i + 8); k++) {
      if (SOFT_TARGETS.has(lows[k])) return true;
      if (mAt(this.places, k) >= 0 && k > i) break;
    }
    return false;
  }

  private unopposedAfter(from: number, limit: number): boolean {
    const { lows } = this.doc;
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

  private actorFromHit(
    hit: ActorHit | undefined,
    place: Place,
  ): { actor?: string; side?: Side; explicit: boolean } {
    if (!hit) return { explicit: false };
    const r = this.resolveActor(hit, place);
    if (r.side === 'neutral') return { explicit: false };
    return { actor: r.actor, side: r.side, explicit: true };
  }

  private note(
    type: EventType,
    place: Place,
    sent: number,
    dropped: string | undefined,
    why: string[],
    status = '',
    counter = false,
  ): void {
    if (!this.keepDebug) return;
    this.debug.mentions.push({
      type,
      place: place.id,
      sentence: sent,
      status,
      counter,
      dropped,
      why: why.join(' '),
    });
  }

  private hasCache = new Map<Set<string>, Int8Array>();
  private sentenceHas(sent: number, words: Set<string>): boolean {
    let c = this.hasCache.get(words);
    if (!c) {
      c = new Int8Array(this.doc.sentences.length).fill(-1);
      this.hasCache.set(words, c);
    }
    if (c[sent] < 0) {
      const s = this.doc.sentences[sent];
      c[sent] = 0;
      for (let k = s.tokStart; k < s.tokEnd; k++) if (words.has(this.doc.lows[k])) c[sent] = 1;
    }
    return c[sent] === 1;
  }

  /**
   * Negation, modality, conditionals, attempts, hedges. Local cues are read in the verb group
   * before the trigger; complement-taking cues (fear that, warned, whether) from earlier in the
   * sentence up to a clause-level boundary; "if"/"unless" up to the next comma.
   */
  private modality(i: number, end: number, def: TriggerDef, noun: boolean, sent: number) {
    const { doc } = this;
    const { lows, tokens } = doc;
    const s = doc.sentences[sent];
    const why: string[] = [];
    let neg = false;
    let hypothetical = false;
    let attempt = false;
    let fail = false;
    let hedge = false;
    let historic = false;
    let noLonger = false;

    // Local window: up to 7 tokens back, stopping at punctuation, clause words and places.
    let k = i - 1;
    let n = 0;
    let sawVerb = false;
    while (k >= s.tokStart && n++ < 8) {
      const t = tokens[k];
      const l = lows[k];
      if (!t.word && l !== "'s") break;
      if (mAt(this.places, k) >= 0 && !(this.places.mentions[mAt(this.places, k)].kind === 'country')) break;
      const cs = doc.cueCover[k];
      const cue = cs >= 0 ? doc.cues[cs] : undefined;
      if (cue) {
        const tag = cue.value;
        if (tag === 'NEG' && !(l === 'no' && lows[k + 1] === 'longer')) {
          // "not only", "no sooner" are not negation; "no" before a noun trigger is.
          if (!(lows[k + 1] === 'only')) {
            neg = true;
            why.push('neg');
          }
        } else if (tag === 'NO_LONGER') {
          noLonger = true;
          why.push('no-longer');
        } else if (tag === 'ALMOST') {
          neg = true;
          why.push('almost');
        } else if (tag === 'MODAL') {
          // "could not be verified" is handled elsewhere; "would" in reported past ("said it would") is still modal.
          hypothetical = true;
          why.push(`modal:${l}`);
        } else if (tag === 'MODAL_TO' && cue.end <= i + 1) {
          hypothetical = true;
          why.push(`modal-to:${l}`);
        } else if (tag === 'ATTEMPT_TO') {
          attempt = true;
          why.push('attempt');
        } else if (tag === 'FAIL_TO') {
          attempt = true;
          fail = true;
          why.push('fail');
          if (lows[k] === 'could' || lows[k] === "couldn't") {
            // "could not take the city": the capture did not happen, there was an attack.
          }
        } else if (tag === 'HEDGE_TO') {
          hedge = true;
        } else if (tag === 'POS_TO') {
          // positive
        } else if (tag === 'MODAL_N' && (noun || def.base || def.ing)) {
          hypothetical = true;
          why.push(`modal-n:${l}`);
        } else if (tag === 'PREVENT') {
          hypothetical = true;
          why.push('prevent');
        } else if (tag === 'HISTORIC') {
          historic = true;
        } else if (tag === 'COND') {
          hypothetical = true;
          why.push('cond');
        } else if (tag === 'COMP_MODAL') {
          hypothetical = true;
          why.push(`comp:${l}`);
        }
        k = cue.start - 1;
        continue;
      }
      if (l === 'and' || l === 'or') {
        // "could attack and capture": the modal distributes; keep scanning a little.
        k--;
        continue;
      }
      if (
        AUX.has(l) ||
        ADVERBS.has(l) ||
        l.endsWith('ly') ||
        l === 'to' ||
        l === 'have' ||
        DETERMINERS.has(l) ||
        OBJECT_FILLER.has(l) ||
        LIGHT_VERBS.has(l)
      ) {
        k--;
        continue;
      }
      if (doc.actors[k] || this.actorEndingAt(k)) break;
      // One intervening verb for noun triggers ("could face an attack", "launched an assault")
      if (noun && !sawVerb) {
        sawVerb = true;
        k--;
        continue;
      }
      break;
    }
    if (def.base && !hypothetical && !neg && !attempt) {
      // A bare infinitive after "to" with nothing recognised: purpose ("an operation to retake") or intent.
      if (lows[i - 1] === 'to') {
        const p = lows[i - 2] ?? '';
        // "the first provincial capital to fall" happened; "the next city to fall" has not.
        let ordinal = false;
        for (let q = i - 2; q >= Math.max(0, i - 6); q--) if (ORDINALS.has(lows[q])) ordinal = true;
        if (
          !ordinal &&
          !['managed', 'able', 'continued', 'began', 'started', 'went', 'proceeded', 'succeeded'].includes(p)
        ) {
          hypothetical = true;
          why.push('to-infinitive');
        }
      }
    }
    // "taking Kandahar would be a huge victory", "the fall of Lashkar Gah would be a disaster":
    // a gerund or nominal subject of a modal verb.
    if ((def.ing || noun) && !hypothetical) {
      for (let q = end; q < Math.min(s.tokEnd, end + 8); q++) {
        if (
          this.cueTag(q) === 'MODAL' &&
          lows[q - 1] !== ',' &&
          (def.ing || lows[q] === 'would' || lows[q] === "wouldn't")
        ) {
          hypothetical = true;
          why.push('gerund-modal');
          break;
        }
        if (
          lows[q] === ';' ||
          lows[q] === ':' ||
          this.doc.triggers[q] ||
          lows[q] === 'and' ||
          lows[q] === 'but'
        )
          break;
      }
    }
    if (!hypothetical && (def.ing || noun) && this.aimFollows(end, s.tokEnd)) {
      hypothetical = true;
      why.push('aim');
    }
    if (!hypothetical && this.forecastBefore(i, s.tokStart)) {
      hypothetical = true;
      why.push('matter-of-time');
    }
    // "the next city to fall"
    if (
      lows[i - 1] === 'to' &&
      (lows[i - 2] === 'next' || lows[i - 3] === 'next' || lows[i - 4] === 'next')
    ) {
      hypothetical = true;
      why.push('next-to');
    }

    // Complement-taking cues and conditionals earlier in the sentence.
    for (let j = i - 1; j >= s.tokStart; j--) {
      const l = lows[j];
      if (l === ';' || l === ':') break;
      if (this.cueTag(j) === 'BOUNDARY' && !['after', 'before', 'when', 'since', 'once'].includes(l)) break;
      const tag = this.cueTag(j);
      if (tag === 'COND') {
        // "if" scopes to the next comma.
        let closed = false;
        for (let q = j + 1; q < i; q++) if (lows[q] === ',') closed = true;
        if (!closed && !(l === 'should' && j > s.tokStart && lows[j - 1] !== ',')) {
          hypothetical = true;
          why.push(`cond:${l}`);
        }
        break;
      }
      if (tag === 'COMP_MODAL') {
        let closed = false;
        for (let q = j + 1; q < i; q++) if (lows[q] === ',' || this.isReportingAt(q)) closed = true;
        if (!closed) {
          hypothetical = true;
          why.push(`comp:${l}`);
        }
        break;
      }
      if (tag === 'MODAL_N' && noun && i - j <= 4) {
        hypothetical = true;
        why.push(`modal-n:${l}`);
        break;
      }
      if (tag === 'PREVENT' && i - j <= 6) {
        hypothetical = true;
        why.push('prevent');
        break;
      }
    }
    // "prevent X from falling"
    if (def.ing && lows[i - 1] === 'from') {
      for (let j = i - 2; j >= Math.max(s.tokStart, i - 8); j--)
        if (this.cueTag(j) === 'PREVENT') hypothetical = true;
    }
    // Rhetorical questions: "Will Kandahar fall?"
    for (let j = end; j < s.tokEnd; j++) if (lows[j] === '?') hypothetical = true;
    return { neg, hypothetical, attempt, fail, hedge, historic, noLonger, why };
  }

  /** "capturing Aleppo is the stated mission", "the fall of X remains their main goal": an aim. */
  private aimFollows(end: number, sentEnd: number): boolean {
    const { lows } = this.doc;
    for (let q = end; q < Math.min(sentEnd, end + 6); q++) {
      if (lows[q] === ',' || lows[q] === ';' || this.doc.triggers[q]) return false;
      if (!AIM_COPULAS.has(lows[q])) continue;
      for (let r = q + 1; r < Math.min(sentEnd, q + 7); r++) if (AIM_NOUNS.has(lows[r])) return true;
      return false;
    }
    return false;
  }

  /** "only a matter of time until/before they seize it": a forecast, however certain it sounds. */
  private forecastBefore(i: number, sentStart: number): boolean {
    const { lows } = this.doc;
    for (let q = i - 1; q >= Math.max(sentStart + 3, i - 8); q--) {
      if (!['until', 'till', 'before'].includes(lows[q])) continue;
      return lows[q - 1] === 'time' && lows[q - 2] === 'of' && ['matter', 'question'].includes(lows[q - 3]);
    }
    return false;
  }

  private isReportingAt(k: number): boolean {
    const t = this.cueTag(k);
    return !!t && REPORTING.includes(t);
  }

  // -------------------------------------------------------------------------------------------
  // Actors

  private namedInsurgent(): string | undefined {
    const counts = new Map<string, number>();
    for (const a of this.doc.actors)
      if (a && a.def.side === 'insurgent' && a.def.norm)
        counts.set(a.def.norm, (counts.get(a.def.norm) ?? 0) + 1);
    let best: string | undefined;
    let n = 0;
    for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
    return best;
  }

  private resolveActor(a: ActorHit, place: Place): { actor?: string; side: Side } {
    const def = a.def;
    // Demonym + forces: "Afghan forces" in Afghanistan are government forces; "Pakistani troops" elsewhere are foreign.
    const demo = this.demonymBefore(a.start);
    if (demo && def.side === 'government' && def.norm) {
      if (
        demo.country === place.country ||
        (place.country === 'unknown' && demo.country === this.places.storyCountry)
      )
        return { actor: 'government forces', side: 'government' };
      return { actor: `${demo.demonym} forces`, side: 'foreign' };
    }
    if (def.side === 'insurgent') {
      if (def.norm) return { actor: def.norm, side: 'insurgent' };
      const lows = this.doc.lows;
      const rebels =
        /^rebel/.test(lows[a.end - 1] ?? '') ||
        /^rebel/.test(lows[a.start] ?? '') ||
        lows[a.start - 1] === 'opposition' ||
        lows[a.start] === 'opposition';
      // A qualified group ("Syrian rebels", "Turkish-backed fighters") is not the group the story
      // names most; an unqualified one ("militants") is.
      const qualified =
        this.isDemonym(a.start - 1) ||
        (this.doc.tokens[a.start - 1]?.hyphenBefore &&
          ['backed', 'led', 'aligned', 'allied', 'supported'].includes(lows[a.start - 1]));
      const fb = qualified && place.country !== 'Afghanistan' ? 'insurgents' : this.fallbackInsurgent(place);
      // Unnamed "rebels" outside Afghanistan stay rebels.
      if (fb === 'insurgents' && rebels) return { actor: 'rebels', side: 'insurgent' };
      return { actor: fb, side: 'insurgent' };
    }
    if (def.side === 'government') return { actor: def.norm ?? 'government forces', side: 'government' };
    if (def.side === 'foreign') return { actor: def.norm, side: 'foreign' };
    return { actor: undefined, side: 'neutral' };
  }

  private demonymBefore(k: number): { country: string; demonym: string } | undefined {
    const mi = k > 0 ? mAt(this.places, k - 1) : -1;
    if (mi < 0) return undefined;
    const m = this.places.mentions[mi];
    if (m.kind === 'country' && m.country)
      return {
        country: m.country.name,
        demonym: this.doc.text.slice(this.doc.tokens[m.start].start, this.doc.tokens[m.end - 1].end),
      };
    return undefined;
  }

  private fallbackInsurgent(place: Place): string {
    if (this.docInsurgent) return this.docInsurgent;
    if (place.country === 'Afghanistan') return 'Taliban';
    return 'insurgents';
  }

  /** Who acted, from the construction: subject, "by X", "to X", the repelled attackers. */
  private actorOf(
    i: number,
    end: number,
    cat: TriggerCat,
    passive: boolean,
    link: Link,
    sent: number,
    def: TriggerDef,
  ): { actor?: string; side?: Side; explicit: boolean; recipient?: boolean } {
    const { doc } = this;
    const { lows } = doc;
    const s = doc.sentences[sent];
    const place = link.place;
    const hitAfter = (from: number, preps: string[], span = 10): ActorHit | undefined => {
      for (let k = from; k < Math.min(s.tokEnd, from + span); k++) {
        if (preps.includes(lows[k])) {
          let j = k + 1;
          if (lows[j] === 'the') j++;
          const a =
            doc.actors[j] ??
            (mAt(this.places, j) >= 0
              ? doc.actors[this.places.mentions[mAt(this.places, j)].end]
              : undefined);
          if (a && !a.def.sourceOnly) return a;
          if (a?.def.sourceOnly && a.def.side === 'government' && lows[j] === 'government') return a;
          if (['its', 'their'].includes(lows[j]) || (lows[j] === 'the' && lows[j + 1] === 'group'))
            return undefined;
        }
        if (lows[k] === ';' || (lows[k] === '.' && k + 1 >= s.tokEnd)) break;
      }
      return undefined;
    };
    const insideControl = (): ActorHit | undefined => {
      for (let k = i; k < Math.min(s.tokEnd, i + 8); k++) {
        if (this.isDemonym(k)) {
          // "under Ukrainian control": that country's forces.
          const m = this.places.mentions[mAt(this.places, k)];
          return { start: m.end, end: m.end, def: { norm: 'government forces', side: 'government' } };
        }
        const a = doc.actors[k];
        if (a && !a.def.sourceOnly) return a;
        if (a && a.def.sourceOnly && a.def.side === 'government') return a;
        if (lows[k] === 'our') {
          // "X is now under our full control", in a party's quoted words: that party holds it.
          const speaker = this.sentenceParty[sent];
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
    };
    let hit: ActorHit | undefined;
    let recipient = false;
    switch (cat) {
      case 'fall':
      case 'surrender':
      case 'handover':
      case 'capture_n':
        hit = hitAfter(link.mention.end > end ? link.mention.end : end, ['to']);
        recipient = true;
        if (!hit && cat === 'capture_n') {
          // "the Taliban's capture of X", "Taliban capture of X"
          const p = lows[i - 1] === "'s" ? i - 2 : i - 1;
          const a = this.actorEndingAt(p);
          if (a && !a.def.sourceOnly) {
            hit = a;
            recipient = false;
          }
          if (!hit) hit = hitAfter(link.mention.end, ['by']);
        }
        break;
      case 'control':
        if (def.lemma === 'under control' || def.lemma === 'in hands') hit = insideControl();
        else if (passive || lows[end] === 'by') hit = hitAfter(end, ['by'], 3);
        else hit = this.subjectActor(i, s.tokStart);
        break;
      case 'repel': {
        // "the insurgents were driven out of X": the subject was repelled.
        if (def.lemma === 'expel' && def.participle) {
          const a = this.subjectActor(i, s.tokStart);
          if (a) {
            const r = this.resolveActor(a, place);
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
        if (!hit) return { actor: this.fallbackInsurgent(place), side: 'insurgent', explicit: false };
        break;
      }
      case 'attack_n':
      case 'retake_n': {
        const p = lows[i - 1] === "'s" ? i - 2 : i - 1;
        let k = p;
        while (k >= s.tokStart && DETERMINERS.has(lows[k])) k--;
        const a = this.actorEndingAt(k) ?? this.actorEndingAt(p);
        if (a && !a.def.sourceOnly) hit = a;
        if (!hit) hit = hitAfter(end, ['by'], 4);
        // "forces repelled an attack on X": the subject is the defender.
        let repelled = false;
        for (let q = i - 1; q >= Math.max(s.tokStart, i - 5); q--) {
          const tr = doc.triggers[q];
          if (tr && (tr.value.cat === 'repel' || tr.value.cat === 'defend')) repelled = true;
        }
        if (!hit && !repelled) hit = this.subjectActor(i, s.tokStart, true);
        break;
      }
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
        return { actor: this.fallbackInsurgent(place), side: 'insurgent', explicit: false };
      }
      case 'under_attack': {
        hit = hitAfter(i, ['by', 'from'], 8);
        if (!hit) {
          for (let k = i; k < Math.min(s.tokEnd, end + 1); k++)
            if (doc.actors[k] && !doc.actors[k]!.def.sourceOnly) hit = doc.actors[k];
        }
        break;
      }
      default:
        if (passive) hit = hitAfter(end, ['by'], 12);
        else hit = this.subjectActor(i, s.tokStart);
        if (cat === 'lose') {
          const to = hitAfter(end, ['to'], 12);
          if (to) {
            hit = to;
            recipient = true;
          } else if (hit) {
            const r = this.resolveActor(hit, place);
            const opp =
              r.side === 'government'
                ? { actor: this.fallbackInsurgent(place), side: 'insurgent' as Side }
                : { actor: 'government forces', side: 'government' as Side };
            return { ...opp, explicit: false };
          }
        }
    }
    if (!hit) {
      // Pronoun subject resolved through the speaker: "the Taliban said they had captured".
      const pr = this.pronounSubject(i, s.tokStart);
      if (
        pr &&
        (cat === 'capture' ||
          cat === 'retake' ||
          cat === 'attack' ||
          cat === 'enter' ||
          cat === 'sweep' ||
          cat === 'control')
      ) {
        const party = this.sentenceParty[sent];
        if (party === 'insurgent')
          return { actor: this.fallbackInsurgent(place), side: 'insurgent', explicit: true };
        if (party === 'government') return { actor: 'government forces', side: 'government', explicit: true };
      }
      return { explicit: false };
    }
    const r = this.resolveActor(hit, place);
    if (r.side === 'neutral') return { explicit: false };
    return { actor: r.actor, side: r.side, explicit: true, recipient };
  }

  /** Nearest fighting actor to the left in the sentence (sources such as officials are skipped). */
  private subjectActor(i: number, sentStart: number, near = false): ActorHit | undefined {
    const { doc } = this;
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
          const b = this.actorEndingAt(q - 1);
          if (b && !b.def.sourceOnly) return b;
          break;
        }
      }
      return a;
    }
    return undefined;
  }

  private pronounSubject(i: number, sentStart: number): string | undefined {
    const { lows } = this.doc;
    for (let k = i - 1; k >= Math.max(sentStart, i - 5); k--) {
      if (PRONOUNS_SUBJ.has(lows[k])) return lows[k];
      if (!(AUX.has(lows[k]) || ADVERBS.has(lows[k]) || lows[k].endsWith('ly') || this.cueTag(k)))
        return undefined;
    }
    return undefined;
  }

  private finalActor(
    info: { actor?: string; side?: Side; explicit: boolean },
    cat: TriggerCat,
    place: Place,
    counter: boolean,
  ): { actor?: string; side?: Side; explicit: boolean } {
    if (info.actor) return info as { actor: string; side?: Side; explicit: boolean };
    if (counter) return { actor: 'government forces', side: 'government', explicit: false };
    if (cat === 'retake' || cat === 'retake_n')
      return { actor: 'government forces', side: 'government', explicit: false };
    return { actor: this.fallbackInsurgent(place), side: 'insurgent', explicit: false };
  }

  // -------------------------------------------------------------------------------------------
  // Attribution and status

  private sentenceAttributions(from: number, to: number, sent: number): Attribution[] {
    const { doc } = this;
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
      const party = this.partyOf(k, c.end, from, to);
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
    this.sentenceParty[sent] = party;
    if (party) this.lastParty = party;
    return out;
  }

  /** Who is speaking for a reporting cue at [k, end): the phrase before it, else after it. */
  private partyOf(k: number, end: number, from: number, to: number): Side | undefined {
    const { doc } = this;
    const { lows } = doc;
    const sideIn = (s: number, e: number): Side | undefined => {
      const sides = new Set<Side>();
      for (let j = s; j < e; j++) {
        if (mAt(this.places, j) >= 0 && this.places.mentions[mAt(this.places, j)].kind !== 'country')
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
          return this.lastParty ?? this.sentenceFirstParty(from, to);
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

  private sentenceFirstParty(from: number, to: number): Side | undefined {
    for (let j = from; j < to; j++) {
      const a = this.doc.actors[j];
      if (a && a.def.side !== 'neutral') return a.def.side === 'foreign' ? 'government' : a.def.side;
    }
    return undefined;
  }

  /** Quoted sentences without their own speaker take the speaker of the sentence closing the quote. */
  private propagateQuotes(): void {
    const { doc } = this;
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
        const attr = this.attributions[s.index];
        for (let j = openSince; j < s.index; j++) {
          if (!this.attributions[j].length && attr.length) {
            this.attributions[j] = attr.map((a) => ({
              ...a,
              pos: doc.sentences[j].tokEnd,
              end: doc.sentences[j].tokEnd,
            }));
            this.sentenceParty[j] = this.sentenceParty[s.index];
          }
        }
        openSince = -1;
      }
    }
  }

  /** Sentence-level cues whose scope is other sentences: "could not be independently verified", "officials denied the claim". */
  private sentenceCues(sent: number): void {
    const { doc } = this;
    const s = doc.sentences[sent];
    for (let k = s.tokStart; k < s.tokEnd; k++) {
      const tag = this.cueTag(k);
      if (!tag) continue;
      if (
        tag === 'UNVERIFIED' ||
        ((tag === 'VERIFY' || tag === 'CONFIRM') && this.negatedNear(k, s.tokStart))
      ) {
        let aboutFigure = false;
        for (let j = s.tokStart; j < s.tokEnd; j++) if (FIGURE_WORDS.has(doc.lows[j])) aboutFigure = true;
        if (!aboutFigure) this.unverifiedSents.add(sent);
      }
      if (tag === 'DENY' && !DENY_OBJECT_EXCLUDE.has(doc.lows[k + 1] ?? '')) this.denySents.add(sent);
      if (tag === 'FALSE') this.denySents.add(sent);
    }
    // "there were (unconfirmed) reports", "rumours" make a sentence weaker but not a claim.
  }

  private negatedNear(k: number, sentStart: number): boolean {
    const { lows } = this.doc;
    for (let j = k - 1; j >= Math.max(sentStart, k - 5); j--) {
      const t = this.cueTag(j);
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

  private status(
    i: number,
    end: number,
    sent: number,
    type: EventType,
    actorSide: Side | undefined,
    mod: { hedge: boolean },
  ): { status: EventMention['status']; why: string; rumour: boolean } {
    const { doc } = this;
    const { lows } = doc;
    const s = doc.sentences[sent];
    const attrs = this.attributions[sent];
    const rumour = this.sentenceHas(sent, RUMOUR_WORDS);
    // Denial scope: a denial verb before the trigger (complement), or after it with a claim-like object, or "false"/"baseless".
    for (const a of attrs) {
      if (a.tag !== 'DENY') continue;
      const next = lows[a.end] ?? '';
      if (DENY_OBJECT_EXCLUDE.has(next) && next !== 'that' && next !== 'a' && next !== 'any') continue;
      if (a.pos < i) {
        let blocked = false;
        for (let q = a.end; q < i; q++) {
          if (lows[q] === ';' || (this.cueTag(q) === 'BOUNDARY' && lows[q] === 'but')) blocked = true;
          // "rejected reports that X had fallen, saying fighters who infiltrated ... were driven out"
          const t = this.cueTag(q);
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
      if (this.cueTag(k) !== 'FALSE') continue;
      if (k > end || (k < i && (CLAIM_WORDS.has(lows[k + 1]) || lows[k + 1] === 'reports')))
        return { status: 'denied', why: 'false', rumour };
    }
    if (this.unverifiedSents.has(sent)) return { status: 'claimed', why: 'unverified', rumour };

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
      if (this.negatedNear(gov.pos, s.tokStart)) return { status: 'claimed', why: 'not-confirmed', rumour };
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

  private dateFor(i: number, end: number, sent: number, stative: boolean): DateExpr | undefined {
    const { doc } = this;
    const s = doc.sentences[sent];
    const cs = doc.clauseStart[i];
    // "..., a day after the insurgents overran Zaranj": relative to the main clause's date.
    const rel = this.relativeClauseDate(cs, s.tokStart, s.tokEnd);
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
    const candidates = this.datesOf(sent).filter((d) => !d.comparative || stative);
    for (const d of candidates) {
      if (d.tokStart < cs || d.tokStart >= clauseEnd) continue;
      if (!d.date && !d.historical && d.precision !== 'vague') continue;
      const dist = d.tokStart >= end ? d.tokStart - end : i - d.tokEnd;
      if (dist < bestD) [best, bestD] = [d, dist];
    }
    if (best) return best;
    // Outside the clause: only if no other trigger sits between (the date belongs to that other verb).
    for (const d of candidates) {
      if (!d.date && !d.historical) continue;
      const lo = Math.min(d.tokEnd, i);
      const hi = Math.max(d.tokStart, end);
      let other = false;
      for (let k = lo; k < hi; k++)
        if ((doc.triggers[k] || doc.nouns[k]) && (k < i || k >= end)) other = true;
      if (other) continue;
      const dist = d.tokStart >= end ? d.tokStart - end : i - d.tokEnd;
      if (dist < bestD) [best, bestD] = [d, dist];
    }
    return best ?? (candidates.length ? undefined : this.announcedDate(sent));
  }

  /**
   * "Earlier on Wednesday, the Taliban launched an attack on a provincial capital. [...] Fighting
   * exploded in Qala-i-Naw, the capital of Badghis": an undated sentence naming the place takes the
   * date of a sentence just before it that announced the same kind of event at an unnamed ("a")
   * capital, city or crossing.
   */
  private announcedDate(sent: number): DateExpr | undefined {
    const { doc } = this;
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
      const d = this.datesOf(prev).find(
        (e) => e.date && e.precision === 'day' && !e.comparative && !e.future,
      );
      if (d) return { ...d, approx: true };
    }
    return undefined;
  }

  private datesBySent?: DateExpr[][];
  private datesOf(sent: number): DateExpr[] {
    if (!this.datesBySent) {
      this.datesBySent = this.doc.sentences.map(() => []);
      for (const d of this.doc.dates) this.datesBySent[this.doc.sentOf[d.tokStart]].push(d);
    }
    return this.datesBySent[sent];
  }

  private relativeClauseDate(cs: number, sentStart: number, sentEnd: number): DateExpr | undefined {
    const { doc } = this;
    const { lows } = doc;
    const conj = lows[cs];
    if (conj !== 'after' && conj !== 'before') return undefined;
    const unit = (lows[cs - 1] ?? '').replace(/s$/, '');
    const nw = lows[cs - 2] ?? '';
    const n =
      nw === 'a' || nw === 'one'
        ? 1
        : (({ two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10 } as Record<string, number>)[
            nw
          ] ?? (/^\d{1,2}$/.test(nw) ? Number(nw) : undefined));
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
    void sentEnd;
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

  // -------------------------------------------------------------------------------------------
  // Aggregation: one event per (type, place)

  aggregate(reportId: string): ExtractedEvent[] {
    const { doc } = this;
    // Sentence-level denials and "could not be verified" reach back to the claims before them.
    for (const m of this.mentions) {
      for (const d of [m.sent, m.sent + 1, m.sent + 2]) {
        if (d !== m.sent && this.sentenceHasTrigger(d) && !this.denialAboutClaims(d)) continue;
        if (
          this.unverifiedSents.has(d) &&
          (m.status === 'reported' || m.status === 'reported_attr' || m.status === 'claimed')
        ) {
          m.status = 'claimed';
          m.evidence.add(d);
        }
        if (
          d !== m.sent &&
          this.denySents.has(d) &&
          m.type !== 'provincial_capital_attack' &&
          m.status !== 'confirmed' &&
          this.denialAboutClaims(d)
        ) {
          // (also when the denying sentence has events of its own: "the claim was baseless and the attack was repelled")
          m.status = 'denied';
          m.evidence.add(d);
        }
      }
    }
    const groups = new Map<string, EventMention[]>();
    for (const m of this.mentions) {
      const hist = this.historicalKeys.get(`${m.type}|${m.place.id}|${m.sent}`);
      if (!m.dateExplicit && hist !== undefined && m.tok > hist) continue;
      const key = `${m.type}|${m.place.id}`;
      const g = groups.get(key);
      if (g) g.push(m);
      else groups.set(key, [m]);
    }
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
      const explicitDenials = pos.filter((m) => m.status === 'denied');
      if (!pos.length) {
        // Only "the city has not fallen": an event only if the report speaks of a claim or rumour to deny.
        if (!counters.some((c) => c.claimWords)) continue;
      }
      const type = ms[0].type;
      const basis = pos.length ? pos : counters;
      // Actor: explicit over inferred; for a control change the latest dated change (a report may
      // tell of the Taliban taking a town and of government forces retaking it).
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
      const actor = sorted[0].actor;
      // Status from the mentions of that same change (not of an earlier one by the other side).
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
      void explicitDenials;

      const datedAll = basis.filter(
        (m) =>
          m.dateExplicit && m.date && (!m.actor || m.actor === actor || type === 'provincial_capital_attack'),
      );
      // "were in control of it on Thursday, a day after they overran it": the change, not the state, dates it.
      const changes = datedAll.filter((m) => !m.stative);
      const dated = changes.length ? changes : datedAll;
      const precise = dated.filter((m) => !m.dateApprox);
      // An attack dates from its first day (derived dates count); a change of control from its latest stated date.
      const explicitDates = (
        type === 'provincial_capital_attack' ? dated : precise.length ? precise : dated
      ).map((m) => m.date!);
      let eventDate: string | undefined;
      if (explicitDates.length) {
        explicitDates.sort();
        eventDate =
          type === 'provincial_capital_attack' ? explicitDates[0] : explicitDates[explicitDates.length - 1];
      } else eventDate = doc.ref;
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
        .map((si) => this.evidenceSpan(si, anchors.get(si)));
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
  private evidenceSpan(si: number, anchor: number | undefined): Evidence {
    const { doc } = this;
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

  private mentionSents?: Set<number>;
  private sentenceHasTrigger(sent: number): boolean {
    if (!this.mentionSents) this.mentionSents = new Set(this.mentions.map((m) => m.sent));
    return this.mentionSents.has(sent);
  }

  private denialCache = new Map<number, boolean>();
  /** "Officials denied the claim", "dismissed the reports as propaganda", "The report is false". */
  private denialAboutClaims(sent: number): boolean {
    let v = this.denialCache.get(sent);
    if (v === undefined) {
      v = this.denialAboutClaimsUncached(sent);
      this.denialCache.set(sent, v);
    }
    return v;
  }

  private denialAboutClaimsUncached(sent: number): boolean {
    const { doc } = this;
    const s = doc.sentences[sent];
    if (!s) return false;
    for (let k = s.tokStart; k < s.tokEnd; k++) {
      const t = this.cueTag(k);
      if (t === 'FALSE') return true;
      if (t === 'DENY') {
        for (let j = k + 1; j < Math.min(s.tokEnd, k + 5); j++)
          if (CLAIM_OBJECT.has(doc.lows[j]) && doc.lows[j] !== 'the') return true;
        if (BE.has(doc.lows[k - 1])) return true;
      }
    }
    return false;
  }
}

/** Mention index covering token k, or -1 (also outside the token range). */
function mAt(p: PlaceIndex, k: number): number {
  return k >= 0 && k < p.at.length ? p.at[k] : -1;
}

function lows(doc: Doc, k: number): string {
  return doc.lows[k] ?? '';
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

void CUES;
export type { Span };
