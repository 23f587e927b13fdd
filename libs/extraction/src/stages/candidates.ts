/**
 * Stage 1, candidates: the trigger at a token ("seized", "fell", "under Taliban control", "attack on"),
 * with the constructions that make a word a trigger only in context.
 */
import { BOMBING_MODIFIERS, type TriggerDef } from '../lexicon';
import { type ExtractionContext, actorEndingAt, isDemonym, mentionIndexAt } from './context';
import { ADVERBS, BE, DETERMINERS, PRONOUNS_SUBJ } from './words';

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

// -------------------------------------------------------------------------------------------
// Triggers
// An ordered list of constructions at one token; the first that applies wins, so they stay together.
const RETURN_TO = new Set(['returned', 'returning', 'returns', 'return', 'reverted', 'restored']);

export function triggerAt(
  ctx: ExtractionContext,
  i: number,
): { def: TriggerDef; end: number; noun: boolean } | undefined {
  const { doc } = ctx;
  const { lows, tokens } = doc;
  const l = lows[i];
  // Constructions handled in code.
  if (l === 'under') {
    const u = underConstruction(ctx, i);
    if (u) return u;
  }
  // "Kherson is returning to Ukrainian control", "the town reverted to rebel control": like
  // "under X control", a control reading of the place before it.
  if (l === 'to' && RETURN_TO.has(lows[i - 1] ?? '')) {
    const u = underConstruction(ctx, i);
    if (u && u.def.cat === 'control') return u;
  }
  if (
    l === 'in' &&
    (lows[i + 2] === 'hands' || lows[i + 3] === 'hands' || lows[i + 4] === 'hands' || lows[i + 5] === 'hands')
  ) {
    const h = handsConstruction(ctx, i);
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
  if (noun && (!verb || nominalContext(ctx, i, noun.end)))
    return { def: noun.value, end: noun.end, noun: true };
  if (verb && verb.value.lemma === 'hand') {
    // "handed the city over (to ...)", not "handed a letter".
    let ok = false;
    for (let k = verb.end; k < Math.min(lows.length, verb.end + 8); k++)
      if (lows[k] === 'over' || (lows[k] === 'to' && ctx.doc.actors[k + 1 + (lows[k + 1] === 'the' ? 1 : 0)]))
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
    if (verb.value.cat === 'control' && !controlVerbContext(ctx, i)) return undefined;
    // "fell silent", "fell sharply", "fell by a third", "fell to 5 percent", "fell into chaos" (but "fell into Taliban hands").
    if (verb.value.lemma === 'fall' || verb.value.lemma === 'collapse') {
      const nx = lows[verb.end] ?? '';
      if (FALL_NOT.has(nx) && !(nx === 'by' && ctx.doc.inDate[verb.end + 1] === 1)) return undefined;
      if (nx === 'to' && /^\d/.test(lows[verb.end + 1] ?? '')) return undefined;
      if (nx === 'into' && !lows.slice(verb.end + 1, verb.end + 4).includes('hands')) return undefined;
    }
    return { def: verb.value, end: verb.end, noun: false };
  }
  return undefined;
}

export function nominalContext(ctx: ExtractionContext, i: number, end: number): boolean {
  const { lows } = ctx.doc;
  const next = lows[end] ?? '';
  const prev = lows[i - 1] ?? '';
  if (['of', 'on', 'against', 'upon'].includes(next)) return true;
  if (DETERMINERS.has(prev) || ctx.doc.actors[i - 1] || (i > 0 && mentionIndexAt(ctx.places, i - 1) >= 0))
    return true;
  if (prev === 'taliban' || prev === 'insurgent') return true;
  return false;
}

export function controlVerbContext(ctx: ExtractionContext, i: number): boolean {
  const { lows } = ctx.doc;
  // "The Taliban (now) control(s) X", "in control of X", "Taliban control of X"
  let k = i - 1;
  while (
    k >= 0 &&
    ['now', 'still', 'fully', 'effectively', 'largely', 'already', 'firmly', 'also'].includes(lows[k])
  )
    k--;
  if (lows[k] === 'in' || lows[k] === 'took' || lows[k] === 'full') return true;
  if (k >= 0 && (actorEndingAt(ctx, k) || PRONOUNS_SUBJ.has(lows[k]))) return true;
  if (lows[i] === 'controlled' && lows[i + 1] === 'by') return true;
  return false;
}

/** "under (the) (Taliban) control (of X)", "under attack/fire/assault". */
export function underConstruction(
  ctx: ExtractionContext,
  i: number,
): { def: TriggerDef; end: number; noun: boolean } | undefined {
  const { lows } = ctx.doc;
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
      !ctx.doc.actors[k] &&
      !isDemonym(ctx, k)
    )
      return undefined;
  }
  return undefined;
}

/** "in Taliban hands", "in the hands of the Taliban", "in government hands". */
export function handsConstruction(
  ctx: ExtractionContext,
  i: number,
): { def: TriggerDef; end: number; noun: boolean } | undefined {
  const { lows } = ctx.doc;
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
      !ctx.doc.actors[k] &&
      !isDemonym(ctx, k)
    )
      return undefined;
  }
  return undefined;
}

export function bombing(ctx: ExtractionContext, i: number): boolean {
  const { lows } = ctx.doc;
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
    const l = lows[k];
    if (BOMBING_MODIFIERS.has(l)) return true;
    if (l === 'the' || l === 'a' || l === 'an' || l === ',' || l === '.') break;
  }
  return false;
}
