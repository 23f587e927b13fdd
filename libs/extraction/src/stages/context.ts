/**
 * The state the stages share for one report: the prepared document, its place mentions, the
 * mentions found so far and per-sentence attributions, plus small lookups every stage uses.
 */
import type { DateExpr } from '../dates';
import type { ActorHit, Doc } from '../doc';
import type { Gazetteer } from '../gazetteer';
import type { CueTag, Side, TriggerDef } from '../lexicon';
import type { Place, PlaceIndex, PlaceMention } from '../places';
import type { EventType } from '../types';

/** A trigger linked to a place. */
export interface Link {
  mention: PlaceMention;
  place: Place;
  /** How the place was found; drives confidence. */
  how: 'obj' | 'subj' | 'prep' | 'rel' | 'list' | 'pronoun' | 'poss' | 'appos' | 'implicit';
  /** inner: a building or quarter of the city; parts: part of it; most: most of it; seat: the seat of government. */
  partial?: 'inner' | 'parts' | 'most' | 'seat';
}

export interface EventMention {
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

export interface Attribution {
  tag: CueTag;
  pos: number;
  end: number;
  party?: Side;
  /** "... and the group posted videos": a coordinated clause, not an attribution of what precedes. */
  coordinated?: boolean;
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

/** One trigger occurrence: its tokens [start, end), its reading, and its sentence. */
export interface TriggerSite {
  start: number;
  end: number;
  def: TriggerDef;
  /** A noun trigger ("the capture of", "an attack on"). */
  noun: boolean;
  /** "X was seized (by Y)". */
  passive: boolean;
  sent: number;
}

export interface ExtractionContext {
  doc: Doc;
  places: PlaceIndex;
  gaz: Gazetteer;
  debug: DebugInfo;
  keepDebug: boolean;
  mentions: EventMention[];
  attributions: Attribution[][];
  sentenceParty: (Side | undefined)[];
  docInsurgent?: string;
  unverifiedSents: Set<number>;
  /** (type|place|sentence) of mentions dropped as historical: an undated retelling in the same sentence is historical too. */
  historicalKeys: Map<string, number>;
  denySents: Set<number>;
  lastParty?: Side;
  hasCache: Map<Set<string>, Int8Array>;
  datesBySent?: DateExpr[][];
  mentionSents?: Set<number>;
  denialCache: Map<number, boolean>;
}

export function createContext(
  doc: Doc,
  places: PlaceIndex,
  gaz: Gazetteer,
  debug: DebugInfo,
  keepDebug: boolean,
): ExtractionContext {
  return {
    doc,
    places,
    gaz,
    debug,
    keepDebug,
    mentions: [],
    attributions: [],
    sentenceParty: [],
    unverifiedSents: new Set<number>(),
    historicalKeys: new Map<string, number>(),
    denySents: new Set<number>(),
    hasCache: new Map<Set<string>, Int8Array>(),
    denialCache: new Map<number, boolean>(),
  };
}

/** Index of the place mention covering token k, or -1. */
export function mentionIndexAt(p: PlaceIndex, k: number): number {
  return k >= 0 && k < p.at.length ? p.at[k] : -1;
}

/** The lower-cased token at k ('' past either end). */
export function lowAt(doc: Doc, k: number): string {
  return doc.lows[k] ?? '';
}

export function isTarget(_ctx: ExtractionContext, m: PlaceMention): boolean {
  return !!m.place && (m.kind === 'place' || m.kind === 'coref');
}

export function isDemonym(ctx: ExtractionContext, k: number): boolean {
  const mi = mentionIndexAt(ctx.places, k);
  return mi >= 0 && ctx.places.mentions[mi].kind === 'country' && !!ctx.places.mentions[mi].demonym;
}

export function actorEndingAt(ctx: ExtractionContext, k: number): ActorHit | undefined {
  for (let j = k; j >= Math.max(0, k - 4); j--) {
    const a = ctx.doc.actors[j];
    if (a && a.end === k + 1) return a;
  }
  return undefined;
}

export function cueTag(ctx: ExtractionContext, k: number): CueTag | undefined {
  const c = ctx.doc.cueCover[k];
  return c >= 0 ? ctx.doc.cues[c]?.value : undefined;
}

export function sentenceHas(ctx: ExtractionContext, sent: number, words: Set<string>): boolean {
  let c = ctx.hasCache.get(words);
  if (!c) {
    c = new Int8Array(ctx.doc.sentences.length).fill(-1);
    ctx.hasCache.set(words, c);
  }
  if (c[sent] < 0) {
    const s = ctx.doc.sentences[sent];
    c[sent] = 0;
    for (let k = s.tokStart; k < s.tokEnd; k++) if (words.has(ctx.doc.lows[k])) c[sent] = 1;
  }
  return c[sent] === 1;
}

export function note(
  ctx: ExtractionContext,
  type: EventType,
  place: Place,
  sent: number,
  dropped: string | undefined,
  why: string[],
  status = '',
  counter = false,
): void {
  if (!ctx.keepDebug) return;
  ctx.debug.mentions.push({
    type,
    place: place.id,
    sentence: sent,
    status,
    counter,
    dropped,
    why: why.join(' '),
  });
}
