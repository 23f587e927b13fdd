/**
 * The language guess: is this English? Extraction understands English; other reports are
 * accepted and marked so extraction can skip them and say why. Two stages (measured in
 * docs/ingestion.md#language):
 *  1. a cheap pass (writing system, then the share of English function words) that settles the
 *     common case - an English report - in a few microseconds;
 *  2. anything else goes to franc-min (trigram models of 82 languages), which names the language
 *     right where the function-word lists could not (Somali, Swahili, Hausa, Pashto, Ukrainian,
 *     Amharic, ...), at ~100x the cost - paid only by the few reports that are not plainly English.
 * Short texts (a headline) stay undetermined rather than being wrongly marked non-English.
 */
import { francAll } from 'franc-min';

export interface LanguageGuess {
  /** BCP 47 code: "en", a best guess such as "fr" or "fa", "und" (not English, unknown), or undefined (too little text). */
  language: string | undefined;
  english: boolean | undefined;
  /** How the guess was made, for logs and the report's explanation. */
  reason: string;
}

const STOP: Record<string, string> = {
  en: 'the of and to in a is that for on was with as by at from it his are have has he said were be been an this which their they or its who not had but after will also more than over about into',
  fr: 'le la les de des du et un une en est que qui dans pour pas sur au aux par plus ce cette il elle ont sont été avec ses leur selon',
  es: 'el la los las de del y en un una que es por para con no se al su sus fue han ha como más pero según este esta',
  de: 'der die das und in den von zu mit ist im nicht ein eine des sich auf für dem als auch es an werden aus bei nach wurde sind',
  pt: 'o a os as de do da dos das e em um uma que no na por para com não se ao foi mais como seu sua pelo pela segundo',
  it: 'il lo la gli le di del della e in un una che è per non con su al dei delle si sono ha dal',
  nl: 'de het een en van in is op te dat die voor met zijn niet aan er om door naar ook werd',
  tr: 've bir bu da de ile için olarak olan gibi daha en ki ne çok sonra',
};
const STOP_SETS = Object.fromEntries(
  Object.entries(STOP).map(([k, v]) => [k, new Set(v.split(' '))]),
) as Record<string, Set<string>>;

/** Letters that only Persian (and Urdu) or Pashto add to the Arabic alphabet, and frequent words. */
const PASHTO_LETTERS = /[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]/g;
const PERSIAN_LETTERS = /[\u067e\u0686\u0698\u06af\u06cc\u06a9]/g;
const URDU_LETTERS = /[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]/g;

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/** Language bit per frequent word (a word can be frequent in several languages). */
const LANGS = Object.keys(STOP_SETS);
const WORD_BITS = new Map<string, number>();
LANGS.forEach((lang, i) => {
  for (const w of STOP_SETS[lang]) WORD_BITS.set(w, (WORD_BITS.get(w) ?? 0) | (1 << i));
});

const MAX_FREQUENT_WORD = Math.max(...[...WORD_BITS.keys()].map((w) => w.length));

/**
 * WORD_BITS as an open-addressing table keyed by a hash the scan computes as it reads each word,
 * so looking a word up makes no string (this runs on every report the front door accepts).
 */
const TABLE_SIZE = 1 << 10;
const wordHash = (h: number, c: number) => (Math.imul(h, 31) + c) | 0;
const tableWords = new Array<string | undefined>(TABLE_SIZE);
const tableBits = new Int32Array(TABLE_SIZE);
for (const [w, bits] of WORD_BITS) {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = wordHash(h, w.charCodeAt(i));
  let slot = h & (TABLE_SIZE - 1);
  while (tableWords[slot] !== undefined) slot = (slot + 1) & (TABLE_SIZE - 1);
  tableWords[slot] = w;
  tableBits[slot] = bits;
}

/** The language bits of s[start, end) (hash h), or 0. */
function frequentWordBits(s: string, start: number, end: number, h: number): number {
  for (let slot = h & (TABLE_SIZE - 1); ; slot = (slot + 1) & (TABLE_SIZE - 1)) {
    const w = tableWords[slot];
    if (w === undefined) return 0;
    if (w.length !== end - start) continue;
    let k = 0;
    while (k < w.length && w.charCodeAt(k) === s.charCodeAt(start + k)) k++;
    if (k === w.length) return tableBits[slot];
  }
}

const SCRIPT_RANGES: Array<[number[], string, string]> = [
  [[0x600, 0x6ff, 0x750, 0x77f, 0xfb50, 0xfdff, 0xfe70, 0xfeff], 'arabic', 'ar'],
  [[0x400, 0x4ff], 'cyrillic', 'ru'],
  [[0x4e00, 0x9fff, 0x3400, 0x4dbf], 'han', 'zh'],
  [[0x3040, 0x30ff], 'kana', 'ja'],
  [[0xac00, 0xd7af], 'hangul', 'ko'],
  [[0x590, 0x5ff], 'hebrew', 'he'],
  [[0x900, 0x97f], 'devanagari', 'hi'],
  [[0xe00, 0xe7f], 'thai', 'th'],
  [[0x370, 0x3ff], 'greek', 'el'],
];

/** What one pass over a lower-cased sample finds: letters per script, and frequent words per language. */
interface Tally {
  latin: number;
  scripts: number[];
  words: number;
  hits: number[];
}

/**
 * One pass: Latin letters, the letters of each other script, and the words of the first
 * WORD_CHARS characters with the languages they are frequent in (only short words are looked up:
 * all frequent words are short). Runs on every report the front door accepts.
 */
const EN = LANGS.indexOf('en');
/** Words read before an ASCII text may be called English early: a paragraph's worth. */
const EARLY_WORDS = 48;

/** English already clear: at least a tenth of the words are English function words, twice any other language's. */
function clearlyEnglish(hits: number[], words: number): boolean {
  const en = hits[EN];
  if (en * 10 < words) return false;
  for (let l = 0; l < hits.length; l++) if (l !== EN && hits[l] * 2 > en) return false;
  return true;
}

/**
 * `ascii`: the sample has no character beyond ASCII, so no other script can win and the count
 * may stop as soon as English is clear (most reports: the guess then reads a few hundred
 * characters, not all of them — it runs on every report the front door accepts).
 */
function tally(lower: string, ascii = false): Tally {
  const scripts = new Array<number>(SCRIPT_RANGES.length).fill(0);
  const hits = new Array<number>(LANGS.length).fill(0);
  const n = lower.length;
  const wordEnd = Math.min(n, WORD_CHARS);
  let latin = 0;
  let words = 0;
  let start = -1;
  let h = 0;
  // locals, not object fields, in the loop: this is the front door's hottest loop
  for (let i = 0; i <= wordEnd; i++) {
    const c = i < wordEnd ? lower.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) {
      if (i < wordEnd) latin++;
    } else if (c !== 39) {
      if (c >= 0x80) countScript(scripts, c);
      if (start >= 0) {
        words++;
        if (i - start <= MAX_FREQUENT_WORD) {
          const bits = frequentWordBits(lower, start, i, h);
          if (bits !== 0) for (let k = 0; k < LANGS.length; k++) if (bits & (1 << k)) hits[k]++;
        }
        start = -1;
        if (ascii && words >= EARLY_WORDS && (words & 7) === 0 && clearlyEnglish(hits, words)) break;
      }
      continue;
    }
    if (start < 0) {
      start = i;
      h = 0;
    }
    h = wordHash(h, c);
  }
  // beyond the words: letters per script only (an ASCII text has no other script)
  if (ascii) return { latin, scripts, words, hits };
  for (let i = wordEnd; i < n; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) latin++;
    else if (c >= 0x80) countScript(scripts, c);
  }
  return { latin, scripts, words, hits };
}

function countScript(counts: number[], c: number): void {
  for (let k = 0; k < SCRIPT_RANGES.length; k++) {
    const ranges = SCRIPT_RANGES[k][0];
    for (let r = 0; r < ranges.length; r += 2) {
      if (c >= ranges[r] && c <= ranges[r + 1]) {
        counts[k]++;
        return;
      }
    }
  }
}

/** Characters looked at: plenty for a guess, bounded cost. Words are read from the first WORD_CHARS. */
const SAMPLE_CHARS = 5_000;
const WORD_CHARS = 3_000;

/** franc-min's ISO 639-3 codes to the BCP 47 codes reports carry (two letters where there are two). */
export const ISO639_3_TO_1: Record<string, string> = {
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  deu: 'de',
  por: 'pt',
  ita: 'it',
  nld: 'nl',
  tur: 'tr',
  pol: 'pl',
  ind: 'id',
  zlm: 'ms',
  swh: 'sw',
  som: 'so',
  hau: 'ha',
  arb: 'ar',
  pes: 'fa',
  pbu: 'ps',
  urd: 'ur',
  rus: 'ru',
  ukr: 'uk',
  amh: 'am',
  cmn: 'zh',
  hin: 'hi',
  ben: 'bn',
  jpn: 'ja',
  kor: 'ko',
  vie: 'vi',
  tha: 'th',
  ell: 'el',
  heb: 'he',
  ron: 'ro',
  hun: 'hu',
  ces: 'cs',
  swe: 'sv',
  bul: 'bg',
  srp: 'sr',
  hrv: 'hr',
  bos: 'bs',
  uzn: 'uz',
  kaz: 'kk',
  azj: 'az',
  tgl: 'tl',
  yor: 'yo',
  ibo: 'ig',
  zul: 'zu',
  xho: 'xh',
  kin: 'rw',
  run: 'rn',
  mya: 'my',
  tam: 'ta',
  tel: 'te',
  mar: 'mr',
  guj: 'gu',
  kan: 'kn',
  mal: 'ml',
  pan: 'pa',
  sin: 'si',
  nep: 'ne',
  khm: 'km',
  lao: 'lo',
  bel: 'be',
  tgk: 'tg',
  kir: 'ky',
  tuk: 'tk',
  kat: 'ka',
  hye: 'hy',
  aka: 'ak',
  ful: 'ff',
  orm: 'om',
  tir: 'ti',
  mlg: 'mg',
  nya: 'ny',
  sna: 'sn',
  ckb: 'ckb',
  kmr: 'ku',
};
/** Letters franc-min needs before its answer means anything (its own default is 10). */
const FRANC_MIN_LENGTH = 40;
/**
 * How far (score gap x characters, ~ raw trigram distance / 300) franc-min's best language must
 * stand out from the third: real paragraphs in the team's samples stand out by 13 or more (long
 * texts least: franc-min reads 300 trigrams at most), lists of place names by 3-7.
 */
const CLEAR_GAP = 10;
/** franc-min reads at most this much; so do we, from the start of the text. */
const FRANC_CHARS = 2_000;

/**
 * `lower`: the text already lower-cased, for callers that have it (saves a copy per report).
 * English settles in the cheap pass; anything else is named by franc-min.
 */
export function guessLanguage(text: string, lower?: string): LanguageGuess {
  const quick = functionWordGuess(text, lower);
  if (quick.english === true) return quick;
  const sample = text.length > FRANC_CHARS ? text.slice(0, FRANC_CHARS) : text;
  const ranked = francAll(sample, { minLength: FRANC_MIN_LENGTH });
  const [top, score] = ranked[0] ?? ['und', 0];
  if (top === 'und')
    return quick.english === false ? quick : { ...quick, language: undefined, english: undefined };
  if (top === 'eng') return { language: 'en', english: true, reason: 'franc-min: English' };
  // In Latin script a list of names or a dateline scores alike in many languages: franc-min's
  // answer counts only when the language stands out from all but its closest sibling (Indonesian
  // and Malay), and text the cheap pass could not call is only non-English when franc-min does not
  // rate English nearly as likely. Otherwise undetermined: extraction then tries it. franc-min's
  // scores are 1 - distance / (300 x trigrams): a gap times the length is a raw distance gap.
  const byScript = quick.english === false && quick.reason.startsWith('mostly ');
  const standsOut = (other: number) => (score - other) * sample.length >= CLEAR_GAP;
  const third = ranked[2]?.[1] ?? 0;
  const eng = ranked.find(([code]) => code === 'eng')?.[1] ?? 0;
  if (!byScript && (!standsOut(third) || (quick.english === undefined && !standsOut(eng))))
    return { language: undefined, english: undefined, reason: `franc-min: no clear language (${top} first)` };
  const code = ISO639_3_TO_1[top] ?? top;
  return {
    language: code,
    english: false,
    reason: `franc-min: ${top}${quick.english === false ? ` (${quick.reason})` : ''}`,
  };
}

/** The cheap pass alone (writing system, then function words): English settles here. Exported for bench:language. */
export function functionWordGuess(text: string, lower?: string): LanguageGuess {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  // Lower case keeps every letter in its script's range, so one pass serves script and words.
  const ascii = !/[^\x00-\x7f]/.test(sample);
  const {
    latin,
    scripts,
    words: nWords,
    hits,
  } = tally(
    lower === undefined
      ? sample.toLowerCase()
      : lower.length > SAMPLE_CHARS
        ? lower.slice(0, SAMPLE_CHARS)
        : lower,
    ascii,
  );
  let best = -1;
  scripts.forEach((n, k) => {
    if (n > 0 && (best < 0 || n > scripts[best])) best = k;
  });
  if (best >= 0 && scripts[best] > latin) {
    if (scripts[best] < 3)
      return { language: undefined, english: undefined, reason: 'too little text to tell' };
    const [, script, defaultCode] = SCRIPT_RANGES[best];
    let code = defaultCode;
    if (script === 'arabic') {
      const ps = count(sample, PASHTO_LETTERS);
      const fa = count(sample, PERSIAN_LETTERS);
      const ur = count(sample, URDU_LETTERS);
      if (ps > 0 && ps * 4 >= fa) code = 'ps';
      else if (ur > 2 && ur * 2 >= fa) code = 'ur';
      else if (fa > 0) code = 'fa';
    }
    return { language: code, english: false, reason: `mostly ${script} script` };
  }
  if (nWords < 8) return { language: undefined, english: undefined, reason: 'too little text to tell' };
  const scores: Array<[string, number]> = LANGS.map((lang, i) => [lang, hits[i] / nWords]);
  scores.sort((a, b) => b[1] - a[1]);
  const [top, topScore] = scores[0];
  const en = scores.find(([l]) => l === 'en')![1];
  if (topScore < 0.05)
    return {
      language: undefined,
      english: undefined,
      reason: 'no frequent function words of a known language',
    };
  if (top === 'en' || en >= topScore * 0.9)
    return {
      language: 'en',
      english: true,
      reason: `English function words ${(en * 100).toFixed(0)}% of words`,
    };
  return {
    language: top,
    english: false,
    reason: `${top} function words ${(topScore * 100).toFixed(0)}% of words (English ${(en * 100).toFixed(0)}%)`,
  };
}
