/**
 * Stage 4a, modality: negation, modals, conditionals, attempts, forecasts and aims around a trigger.
 */
import { OBJECT_FILLER, type TriggerDef } from '../lexicon';
import { isReportingAt } from './attribution';
import { type ExtractionContext, actorEndingAt, cueTag, mentionIndexAt } from './context';
import { ADVERBS, AUX, DETERMINERS } from './words';

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

const AIM_COPULAS = new Set(['is', 'was', 'remains', 'remained', 'became', 'has']);

const AIM_NOUNS = new Set(['mission', 'goal', 'aim', 'objective', 'target', 'plan', 'priority', 'ambition']);

/**
 * Negation, modality, conditionals, attempts, hedges. Local cues are read in the verb group
 * before the trigger; complement-taking cues (fear that, warned, whether) from earlier in the
 * sentence up to a clause-level boundary; "if"/"unless" up to the next comma.
 */
/** Negation, modality and hedges around one trigger. */
export type Modality = ModalityReading;

/** Negation, modality and hedges around one trigger, as the checks below find them. */
interface ModalityReading {
  neg: boolean;
  hypothetical: boolean;
  attempt: boolean;
  fail: boolean;
  hedge: boolean;
  historic: boolean;
  noLonger: boolean;
  why: string[];
}

export function modality(
  ctx: ExtractionContext,
  i: number,
  end: number,
  def: TriggerDef,
  noun: boolean,
  sent: number,
): ModalityReading {
  const { lows } = ctx.doc;
  const s = ctx.doc.sentences[sent];
  const r: ModalityReading = {
    neg: false,
    hypothetical: false,
    attempt: false,
    fail: false,
    hedge: false,
    historic: false,
    noLonger: false,
    why: [],
  };
  verbGroupCues(ctx, i, def, noun, sent, r);
  if (def.base && !r.hypothetical && !r.neg && !r.attempt) {
    // A bare infinitive after "to" with nothing recognised: purpose ("an operation to retake") or intent.
    if (lows[i - 1] === 'to') {
      const p = lows[i - 2] ?? '';
      // "the first provincial capital to fall" happened; "the next city to fall" has not.
      let ordinal = false;
      for (let q = i - 2; q >= Math.max(0, i - 6); q--) if (ORDINALS.has(lows[q])) ordinal = true;
      if (repelledAttempt(lows, i - 2, s.tokStart)) {
        // "beat back an attempt by the RSF to storm X": the attempt was made, so X was attacked.
        r.attempt = true;
        r.why.push('repelled-attempt');
      } else if (
        !ordinal &&
        !['managed', 'able', 'continued', 'began', 'started', 'went', 'proceeded', 'succeeded'].includes(p)
      ) {
        r.hypothetical = true;
        r.why.push('to-infinitive');
      }
    }
  }
  // "taking Kandahar would be a huge victory", "the fall of Lashkar Gah would be a disaster":
  // a gerund or nominal subject of a modal verb.
  if ((def.ing || noun) && !r.hypothetical) {
    for (let q = end; q < Math.min(s.tokEnd, end + 8); q++) {
      if (
        cueTag(ctx, q) === 'MODAL' &&
        lows[q - 1] !== ',' &&
        (def.ing || lows[q] === 'would' || lows[q] === "wouldn't")
      ) {
        r.hypothetical = true;
        r.why.push('gerund-modal');
        break;
      }
      if (lows[q] === ';' || lows[q] === ':' || ctx.doc.triggers[q] || lows[q] === 'and' || lows[q] === 'but')
        break;
    }
  }
  if (!r.hypothetical && (def.ing || noun) && aimFollows(ctx, end, s.tokEnd)) {
    r.hypothetical = true;
    r.why.push('aim');
  }
  if (!r.hypothetical && forecastBefore(ctx, i, s.tokStart)) {
    r.hypothetical = true;
    r.why.push('matter-of-time');
  }
  // "the next city to fall"
  if (lows[i - 1] === 'to' && (lows[i - 2] === 'next' || lows[i - 3] === 'next' || lows[i - 4] === 'next')) {
    r.hypothetical = true;
    r.why.push('next-to');
  }

  complementCues(ctx, i, noun, sent, r);
  // "prevent X from falling"
  if (def.ing && lows[i - 1] === 'from') {
    for (let j = i - 2; j >= Math.max(s.tokStart, i - 8); j--)
      if (cueTag(ctx, j) === 'PREVENT') r.hypothetical = true;
  }
  // Rhetorical questions: "Will Kandahar fall?"
  for (let j = end; j < s.tokEnd; j++) if (lows[j] === '?') r.hypothetical = true;
  return r;
}

/** Cues in the verb group: up to 7 tokens back, stopping at punctuation, clause words and places. */
// One backward walk over the verb group; each cue it meets ends or extends the walk.
function verbGroupCues(
  ctx: ExtractionContext,
  i: number,
  def: TriggerDef,
  noun: boolean,
  sent: number,
  r: ModalityReading,
): void {
  const { doc } = ctx;
  const { lows, tokens } = doc;
  const s = doc.sentences[sent];
  // Local window: up to 7 tokens back, stopping at punctuation, clause words and places.
  let k = i - 1;
  let n = 0;
  let sawVerb = false;
  while (k >= s.tokStart && n++ < 8) {
    const t = tokens[k];
    const l = lows[k];
    if (!t.word && l !== "'s") break;
    if (
      mentionIndexAt(ctx.places, k) >= 0 &&
      !(ctx.places.mentions[mentionIndexAt(ctx.places, k)].kind === 'country')
    )
      break;
    const cs = doc.cueCover[k];
    const cue = cs >= 0 ? doc.cues[cs] : undefined;
    if (cue) {
      const tag = cue.value;
      if (tag === 'NEG' && !(l === 'no' && lows[k + 1] === 'longer')) {
        // "not only", "no sooner" are not negation; "no" before a noun trigger is.
        if (!(lows[k + 1] === 'only')) {
          r.neg = true;
          r.why.push('neg');
        }
      } else if (tag === 'NO_LONGER') {
        r.noLonger = true;
        r.why.push('no-longer');
      } else if (tag === 'ALMOST') {
        r.neg = true;
        r.why.push('almost');
      } else if (tag === 'MODAL') {
        // "could not be verified" is handled elsewhere; "would" in reported past ("said it would") is still modal.
        r.hypothetical = true;
        r.why.push(`modal:${l}`);
      } else if (tag === 'MODAL_TO' && cue.end <= i + 1) {
        r.hypothetical = true;
        r.why.push(`modal-to:${l}`);
      } else if (tag === 'ATTEMPT_TO') {
        r.attempt = true;
        r.why.push('attempt');
      } else if (tag === 'FAIL_TO') {
        r.attempt = true;
        r.fail = true;
        r.why.push('fail');
        if (lows[k] === 'could' || lows[k] === "couldn't") {
          // "could not take the city": the capture did not happen, there was an attack.
        }
      } else if (tag === 'HEDGE_TO') {
        r.hedge = true;
      } else if (tag === 'POS_TO') {
        // positive
      } else if (tag === 'MODAL_N' && (noun || def.base || def.ing)) {
        r.hypothetical = true;
        r.why.push(`modal-n:${l}`);
      } else if (tag === 'PREVENT') {
        r.hypothetical = true;
        r.why.push('prevent');
      } else if (tag === 'HISTORIC') {
        r.historic = true;
      } else if (tag === 'COND') {
        r.hypothetical = true;
        r.why.push('cond');
      } else if (tag === 'COMP_MODAL') {
        r.hypothetical = true;
        r.why.push(`comp:${l}`);
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
    if (doc.actors[k] || actorEndingAt(ctx, k)) break;
    // One intervening verb for noun triggers ("could face an attack", "launched an assault")
    if (noun && !sawVerb) {
      sawVerb = true;
      k--;
      continue;
    }
    break;
  }
}

/** Complement-taking cues and conditionals earlier in the sentence ("if", "whether", "warned that"). */
function complementCues(
  ctx: ExtractionContext,
  i: number,
  noun: boolean,
  sent: number,
  r: ModalityReading,
): void {
  const { lows } = ctx.doc;
  const s = ctx.doc.sentences[sent];
  // Complement-taking cues and conditionals earlier in the sentence.
  for (let j = i - 1; j >= s.tokStart; j--) {
    const l = lows[j];
    if (l === ';' || l === ':') break;
    if (cueTag(ctx, j) === 'BOUNDARY' && !['after', 'before', 'when', 'since', 'once'].includes(l)) break;
    const tag = cueTag(ctx, j);
    if (tag === 'COND') {
      // "if" scopes to the next comma.
      let closed = false;
      for (let q = j + 1; q < i; q++) if (lows[q] === ',') closed = true;
      if (!closed && !(l === 'should' && j > s.tokStart && lows[j - 1] !== ',')) {
        r.hypothetical = true;
        r.why.push(`cond:${l}`);
      }
      break;
    }
    if (tag === 'COMP_MODAL') {
      let closed = false;
      for (let q = j + 1; q < i; q++) if (lows[q] === ',' || isReportingAt(ctx, q)) closed = true;
      if (!closed) {
        r.hypothetical = true;
        r.why.push(`comp:${l}`);
      }
      break;
    }
    if (tag === 'MODAL_N' && noun && i - j <= 4) {
      r.hypothetical = true;
      r.why.push(`modal-n:${l}`);
      break;
    }
    if (tag === 'PREVENT' && i - j <= 6) {
      r.hypothetical = true;
      r.why.push('prevent');
      break;
    }
  }
}

/** "capturing Aleppo is the stated mission", "the fall of X remains their main goal": an aim. */
const ATTEMPT_NOUNS = new Set(['attempt', 'attempts', 'bid', 'push', 'effort', 'efforts']);
const REPEL_WORDS = new Set(['repelled', 'repulsed', 'foiled', 'thwarted', 'back', 'off', 'defeated']);

/** "beat back|repelled|foiled an attempt (by X) to ...": the attempt noun, governed by a repel verb. */
function repelledAttempt(lows: string[], from: number, sentStart: number): boolean {
  for (let q = from; q >= Math.max(sentStart, from - 8); q--) {
    if (!ATTEMPT_NOUNS.has(lows[q])) continue;
    for (let v = q - 1; v >= Math.max(sentStart, q - 4); v--) if (REPEL_WORDS.has(lows[v])) return true;
    return false;
  }
  return false;
}

export function aimFollows(ctx: ExtractionContext, end: number, sentEnd: number): boolean {
  const { lows } = ctx.doc;
  for (let q = end; q < Math.min(sentEnd, end + 6); q++) {
    if (lows[q] === ',' || lows[q] === ';' || ctx.doc.triggers[q]) return false;
    if (!AIM_COPULAS.has(lows[q])) continue;
    for (let r = q + 1; r < Math.min(sentEnd, q + 7); r++) if (AIM_NOUNS.has(lows[r])) return true;
    return false;
  }
  return false;
}

/** "only a matter of time until/before they seize it": a forecast, however certain it sounds. */
export function forecastBefore(ctx: ExtractionContext, i: number, sentStart: number): boolean {
  const { lows } = ctx.doc;
  for (let q = i - 1; q >= Math.max(sentStart + 3, i - 8); q--) {
    if (!['until', 'till', 'before'].includes(lows[q])) continue;
    return lows[q - 1] === 'time' && lows[q - 2] === 'of' && ['matter', 'question'].includes(lows[q - 3]);
  }
  return false;
}
