/**
 * A report prepared for extraction: reference date, tokens, sentences, clause boundaries and the
 * lexicon annotations (triggers, cues, actors, time expressions), each computed in one pass.
 */
import {
  daysBetween,
  findDateExprs,
  HISTORICAL_DAYS,
  isoDatePart,
  parseDatelineLine,
  wireDateline,
  type DateExpr,
} from './dates';
import {
  ACTORS,
  CUES,
  NOUN_TRIGGERS,
  SPOKESPEOPLE,
  TRIGGERS,
  type ActorDef,
  type CueTag,
  type Side,
  type TriggerDef,
} from './lexicon';
import { MultiTrie } from './phrases';
import { splitSentences, tokenize, type Sentence, type Token } from './text';

export interface Span<V> {
  start: number;
  end: number;
  value: V;
}

export interface ActorHit {
  start: number;
  end: number;
  def: ActorDef;
  /** "Afghan forces", "Pakistani troops": resolved against the event's country. */
  demonymCountry?: string;
  demonym?: string;
}

export interface Doc {
  text: string;
  tokens: Token[];
  lows: string[];
  keys: string[];
  sentences: Sentence[];
  /** Sentence index of each token. */
  sentOf: Int32Array;
  /** Start token of the clause containing each token. */
  clauseStart: Int32Array;
  /** Reference date (dateline line, else publishedAt, else a dated wire dateline). */
  ref?: string;
  /** Tokens [0, bodyTok) are the wire dateline ("KABUL (Reuters) -"), not part of the story. */
  bodyTok: number;
  triggers: (Span<TriggerDef> | undefined)[];
  /** Noun readings of trigger words ("attack on", "fall of"). */
  nouns: (Span<TriggerDef> | undefined)[];
  cues: (Span<CueTag> | undefined)[];
  /** Cue covering each token (multi-word cues cover all their tokens). */
  cueCover: Int32Array;
  actors: (ActorHit | undefined)[];
  dates: DateExpr[];
  /** 1 for tokens inside a time expression. */
  inDate: Uint8Array;
  /** True when most words are capitalised (headline case): capitalisation says little. */
  titleCase: boolean[];
  hasLowercase: boolean;
}

/** Words before "lies" that make it the noun (a denial) rather than the verb ("which lies on the road"). */
const LIES_NOUN_BEFORE = new Set([
  'are',
  'were',
  'is',
  'all',
  'these',
  'those',
  'pure',
  'outright',
  'complete',
  'total',
  'blatant',
  'spreading',
  'spread',
  'of',
  'and',
  'just',
]);

// One trie for every lexicon table: 0 triggers, 1 noun triggers, 2 cues, 3 actors, 4 spokespeople.
type LexTables = [TriggerDef, TriggerDef, CueTag, ActorDef, Side];
const LEX = new MultiTrie<LexTables>(5);
for (const [k, v] of TRIGGERS) LEX.add(0, k, v);
for (const [k, v] of NOUN_TRIGGERS) LEX.add(1, k, v);
for (const [k, v] of CUES) LEX.add(2, k, v);
for (const [k, v] of ACTORS) LEX.add(3, k, v);
for (const [k, v] of SPOKESPEOPLE) LEX.add(4, k, v);

const CLAUSE_PUNCT = new Set([';', ':', '—', '–', '(', ')', '"', '“', '”', '[', ']']);
const CLAUSE_WORDS = new Set([
  'but',
  'while',
  'whereas',
  'although',
  'though',
  'however',
  'meanwhile',
  'because',
  'after',
  'before',
  'when',
  'since',
  'until',
  'if',
  'unless',
  'which',
  'who',
  'where',
  'whom',
  'whose',
  'as',
  'so',
  'yet',
  'once',
  'whether',
  'despite',
]);
const CLOSE_AT_COMMA = new Set([
  'which',
  'who',
  'where',
  'whom',
  'whose',
  'if',
  'unless',
  'after',
  'before',
  'when',
  'since',
  'although',
  'though',
  'while',
  'because',
  'as',
  'once',
  'despite',
  'until',
  'whereas',
]);

// Builds every per-token table of the document in one pass each (tokens, sentences, lexicon,
// clauses, dates); splitting it would pass a dozen arrays between functions.
export function prepareDoc(text: string, publishedAt?: string): Doc {
  const { date: datelineDate, bodyStart } = parseDatelineLine(text);
  let ref = datelineDate ?? isoDatePart(publishedAt);
  const tokens = tokenize(text, bodyStart);
  const wire = wireDateline(text, tokens, ref);
  if (!ref && wire.date) ref = wire.date;
  const bodyTok = wire.tokEnd;
  const n = tokens.length;
  const lows = new Array<string>(n);
  const keys = new Array<string>(n);
  let hasLowercase = false;
  for (let i = 0; i < n; i++) {
    lows[i] = tokens[i].low;
    keys[i] = tokens[i].key;
    if (!hasLowercase && tokens[i].word && !tokens[i].cap && /[a-z]/.test(tokens[i].raw)) hasLowercase = true;
  }
  const sentences = splitSentences(text, tokens);
  const sentOf = new Int32Array(n);
  const titleCase: boolean[] = [];
  for (const s of sentences) {
    let words = 0;
    let caps = 0;
    for (let i = s.tokStart; i < s.tokEnd; i++) {
      sentOf[i] = s.index;
      const t = tokens[i];
      if (t.word && t.raw.length > 3 && !(t.raw.charCodeAt(0) >= 48 && t.raw.charCodeAt(0) <= 57)) {
        words++;
        if (t.cap) caps++;
      }
    }
    titleCase.push(words >= 3 && caps / words > 0.7);
  }

  // Lexicon: triggers, cues, actors (longest match; a token takes part in at most one of each).
  const triggers = new Array<Span<TriggerDef> | undefined>(n);
  const nouns = new Array<Span<TriggerDef> | undefined>(n);
  const cues = new Array<Span<CueTag> | undefined>(n);
  const cueCover = new Int32Array(n).fill(-1);
  const actors = new Array<ActorHit | undefined>(n);
  for (const s of sentences) {
    const end = s.tokEnd;
    let trigEnd = s.tokStart;
    let cueEnd = s.tokStart;
    let actorEnd = s.tokStart;
    const hit: ({ value: unknown; end: number } | undefined)[] = [];
    for (let i = s.tokStart; i < end; i++) {
      const t = tokens[i];
      if (!t.word) continue;
      const low = lows[i];
      if (!LEX.matchAll(lows, i, end, hit)) {
        if (low.endsWith("'ll") && i >= cueEnd) {
          cues[i] = { start: i, end: i + 1, value: 'MODAL' };
          cueCover[i] = i;
        }
        continue;
      }
      if (i >= trigEnd) {
        const m = hit[0] as { value: TriggerDef; end: number } | undefined;
        if (m) {
          triggers[i] = { start: i, end: m.end, value: m.value };
          trigEnd = m.end;
        }
        const nm = hit[1] as { value: TriggerDef; end: number } | undefined;
        if (nm) nouns[i] = { start: i, end: nm.end, value: nm.value };
      }
      if (i >= cueEnd) {
        let m = hit[2] as { value: CueTag; end: number } | undefined;
        // "Islam Qala, which lies on the main road": the verb, not "these are lies".
        if (m && low === 'lies' && m.end === i + 1 && !LIES_NOUN_BEFORE.has(lows[i - 1] ?? '')) m = undefined;
        if (m) {
          cues[i] = { start: i, end: m.end, value: m.value };
          for (let k = i; k < m.end; k++) cueCover[k] = i;
          cueEnd = m.end;
        }
      }
      if (i >= actorEnd) {
        const sp = hit[4] as { value: Side; end: number } | undefined;
        if (sp) {
          actors[i] = { start: i, end: sp.end, def: { side: sp.value, sourceOnly: true } };
          actorEnd = sp.end;
          continue;
        }
        const m = hit[3] as { value: ActorDef; end: number } | undefined;
        if (m) {
          let e = m.end;
          let def = m.value;
          // "Taliban fighters", "Islamic State militants": a named group with a generic noun is the group.
          if (def.norm && def.side !== 'government') {
            const g = LEX.match(3, lows, e, end) as { value: ActorDef; end: number } | undefined;
            if (g && !g.value.norm && g.value.side === 'insurgent' && !g.value.anaphor) e = g.end;
            else if (g && g.value.norm === 'government forces' && ['forces', 'troops'].includes(lows[e]))
              e = g.end;
            // "Taliban commander", "Taliban officials": a speaker of that party.
            else if (g && g.value.sourceOnly) e = g.end;
          }
          // "pro-Taliban" is still Taliban; "anti-Taliban forces" are not.
          if (i > 0 && lows[i - 1] === 'anti' && tokens[i].hyphenBefore)
            def = { norm: undefined, side: 'government' };
          actors[i] = { start: i, end: e, def };
          actorEnd = e;
        }
      }
    }
  }

  // Clause boundaries.
  const clauseStart = new Int32Array(n);
  for (const s of sentences) {
    let cs = s.tokStart;
    let closeAtComma = false;
    for (let i = s.tokStart; i < s.tokEnd; i++) {
      const t = tokens[i];
      const low = lows[i];
      let boundary = false;
      if (!t.word && CLAUSE_PUNCT.has(t.raw)) boundary = true;
      else if (!t.word && t.raw === '-' && i > 0 && tokens[i - 1].end < t.start) boundary = true;
      else if (t.word && CLAUSE_WORDS.has(low) && i > s.tokStart) {
        // "such as", "as well as", "as many as" are not clauses.
        if (
          low === 'as' &&
          (['such', 'well', 'as', 'so', 'same', 'known'].includes(lows[i - 1]) ||
            ['well', 'many', 'much', 'long', 'far', 'soon', 'part', 'a'].includes(lows[i + 1] ?? ''))
        )
          boundary = false;
        else if (low === 'since' && /^\d/.test(lows[i + 1] ?? '')) boundary = false;
        else boundary = true;
      } else if (t.word && (low === 'and' || low === 'or') && i > 0 && lows[i - 1] === ',') boundary = true;
      else if (
        t.word &&
        low === 'that' &&
        i > 0 &&
        (CUES.get(lows[i - 1]) === 'SAY' ||
          CUES.get(lows[i - 1]) === 'CONFIRM' ||
          CUES.get(lows[i - 1]) === 'DENY' ||
          CUES.get(lows[i - 1]) === 'COMP_MODAL' ||
          CUES.get(lows[i - 1]) === 'CLAIM')
      )
        boundary = true;
      else if (!t.word && t.raw === ',' && closeAtComma) {
        boundary = true;
        closeAtComma = false;
      }
      if (boundary) {
        cs = i;
        if (t.word && CLOSE_AT_COMMA.has(low)) closeAtComma = true;
      }
      clauseStart[i] = cs;
    }
  }

  const dates: DateExpr[] = [];
  for (const s of sentences) dates.push(...findDateExprs(tokens, s.tokStart, s.tokEnd, ref));
  if (!ref) {
    // No reference date: judge "historical" against the latest full date the story itself mentions.
    let latest: string | undefined;
    for (const d of dates)
      if (d.date && d.precision === 'day' && (!latest || d.date > latest)) latest = d.date;
    if (latest) {
      const yearOf = (s: string) => Number(s.slice(0, 4));
      for (const d of dates) {
        if (!d.date || d.comparative) continue;
        const diff = daysBetween(d.date, latest);
        d.historical =
          d.historical ||
          (d.precision === 'year'
            ? yearOf(d.date) < yearOf(latest) && diff > HISTORICAL_DAYS
            : diff > HISTORICAL_DAYS);
      }
    }
  }

  const inDate = new Uint8Array(n);
  for (const d of dates) for (let k = d.tokStart; k < d.tokEnd; k++) inDate[k] = 1;
  return {
    text,
    tokens,
    lows,
    keys,
    sentences,
    sentOf,
    clauseStart,
    ref,
    bodyTok,
    triggers,
    nouns,
    cues,
    cueCover,
    actors,
    dates,
    inDate,
    titleCase,
    hasLowercase,
  };
}
