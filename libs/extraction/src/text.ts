/**
 * Tokenisation and sentence segmentation with character offsets into the original text.
 * Everything downstream works on these tokens; offsets are never recomputed from strings.
 */

export interface Token {
  /** Offset of the first character in the input text. */
  start: number;
  /** Offset after the last character. */
  end: number;
  raw: string;
  /** Lower case, diacritics stripped, typographic apostrophes folded to "'". */
  low: string;
  /** Place-matching key: `low` without apostrophes, with Persian/Pashto connectors (-e-, -i-, -ye-) folded to "i". */
  key: string;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Letters/digits (false for punctuation). */
  word: boolean;
  /** Joined to the previous token by a hyphen with no spaces ("Qala-i-Naw", "Taliban-controlled"). */
  hyphenBefore: boolean;
  /** Newlines in the whitespace before this token. */
  nlBefore: number;
}

export interface Sentence {
  /** Character span (trimmed) in the input text. */
  start: number;
  end: number;
  /** Token span [tokStart, tokEnd). */
  tokStart: number;
  tokEnd: number;
  index: number;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;
const MARKS = /\p{M}+/gu;
const CONNECTORS = new Set(['e', 'i', 'y', 'ye', 'yi', 'ee']);

export function normalizeWord(raw: string): string {
  let low = raw.toLowerCase();
  for (let i = 0; i < low.length; i++) {
    if (low.charCodeAt(i) > 127) {
      low = low.normalize('NFD').replace(MARKS, '').replace(/’/g, "'");
      break;
    }
  }
  return low;
}

export function placeKey(low: string): string {
  const k = low.indexOf("'") >= 0 ? low.replace(/'/g, '') : low;
  return k.length <= 2 && CONNECTORS.has(k) ? 'i' : k;
}

/** Keys of a name as the gazetteer stores them ("Qala-e-Naw" -> ["qala","i","naw"]). */
export function nameKeys(name: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(name))) {
    const raw = m[0];
    if (!/[\p{L}\p{N}]/u.test(raw)) continue;
    out.push(placeKey(normalizeWord(raw)));
  }
  return out;
}

const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();

const WORDCHAR_RE = /[\p{L}\p{M}\p{N}]/u;
const LETTER_RE = /[\p{L}\p{M}]/u;
const SPACE_RE = /\s/u;
/** 1: letter/mark, 2: digit, 0: other - for one code point. */
function charClass(c: number, text: string, i: number): number {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : c >= 48 && c <= 57 ? 2 : 0;
  const ch = c >= 0xd800 && c <= 0xdbff ? text.slice(i, i + 2) : text.charAt(i);
  if (LETTER_RE.test(ch)) return 1;
  return WORDCHAR_RE.test(ch) ? 2 : 0;
}
const isSpace = (c: number, text: string, i: number) =>
  c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE_RE.test(text.charAt(i));
const cpLen = (c: number) => (c >= 0xd800 && c <= 0xdbff ? 2 : 1);

/**
 * Words are runs of letters, marks and digits (with inner apostrophes: Qal'eh, didn't); every
 * other non-space character is a punctuation token. A hyphen inside a word is dropped and
 * recorded as hyphenBefore on the next word; a possessive 's becomes its own token.
 */
// A hand-written scanner over characters (the hot loop of extraction): one function for speed.
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let prevEnd = from;
  let pendingHyphen = -1;
  let i = from;
  const n = Math.min(to, text.length);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c, text, i)) {
      i++;
      continue;
    }
    const start = i;
    let nl = 0;
    for (let k = prevEnd; k < start; k++) if (text.charCodeAt(k) === 10) nl++;
    const cls = charClass(c, text, i);
    if (cls === 0) {
      const len = cpLen(c);
      const raw = text.slice(i, i + len);
      i += len;
      // Intra-word hyphen: "Qala-i-Naw" -> qala i naw, remembered as hyphenBefore on the next word.
      if (
        (raw === '-' || raw === '‐' || raw === '‑') &&
        start === prevEnd &&
        tokens.length &&
        tokens[tokens.length - 1].word &&
        i < n &&
        charClass(text.charCodeAt(i), text, i) !== 0
      ) {
        pendingHyphen = i;
        prevEnd = i;
        continue;
      }
      tokens.push({
        start,
        end: i,
        raw,
        low: raw === '’' ? "'" : raw,
        key: raw,
        cap: false,
        word: false,
        hyphenBefore: false,
        nlBefore: nl,
      });
      prevEnd = i;
      continue;
    }
    // A word run.
    i += cpLen(c);
    while (i < n) {
      const d = text.charCodeAt(i);
      if (charClass(d, text, i) !== 0) {
        i += cpLen(d);
        continue;
      }
      if ((d === 39 || d === 0x2019) && i + 1 < n && charClass(text.charCodeAt(i + 1), text, i + 1) === 1) {
        // inner apostrophe: letters only after it
        i++;
        while (i < n && charClass(text.charCodeAt(i), text, i) === 1) i += cpLen(text.charCodeAt(i));
        continue;
      }
      break;
    }
    let raw = text.slice(start, i);
    const hyphenBefore = pendingHyphen === start;
    pendingHyphen = -1;
    // Possessive 's is its own token; negative contractions (didn't) stay whole.
    let poss = false;
    if (raw.length > 2) {
      const a = raw.charCodeAt(raw.length - 2);
      const b = raw.charCodeAt(raw.length - 1);
      if ((a === 39 || a === 0x2019) && (b === 115 || b === 83)) {
        raw = raw.slice(0, -2);
        poss = true;
      }
    }
    const low = normalizeWord(raw);
    const first = raw.charCodeAt(0);
    tokens.push({
      start,
      end: start + raw.length,
      raw,
      low,
      key: placeKey(low),
      cap: first < 128 ? first >= 65 && first <= 90 : isUpper(raw.charAt(0)),
      word: true,
      hyphenBefore,
      nlBefore: nl,
    });
    prevEnd = start + raw.length;
    if (poss) {
      tokens.push({
        start: prevEnd,
        end: prevEnd + 2,
        raw: text.slice(prevEnd, prevEnd + 2),
        low: "'s",
        key: "'s",
        cap: false,
        word: false,
        hyphenBefore: false,
        nlBefore: 0,
      });
      prevEnd += 2;
    }
  }
  return tokens;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'lt',
  'col',
  'capt',
  'cpt',
  'sgt',
  'maj',
  'st',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'nos',
  'vs',
  'approx',
  'prof',
  'gov',
  'sen',
  'rep',
  'rev',
  'jr',
  'sr',
  'inc',
  'corp',
  'ltd',
  'co',
  'dept',
  'est',
  'fig',
  'brig',
  'adm',
  'cmdr',
  'gens',
  'mt',
  'ft',
]);
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»']);
const OPENERS = new Set(['"', '“', '‘', "'", '(', '[', '«']);
const TERMINAL = new Set(['.', '!', '?']);

/**
 * Splits tokens into sentences. A sentence ends at . ! ? (plus closing quotes) before a capital,
 * digit or opening quote (not after an abbreviation or an initial), at a blank line, and at a
 * single newline unless the document is hard-wrapped prose.
 */
export function splitSentences(text: string, tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  if (!tokens.length) return sentences;
  const wrapped = isHardWrapped(text, tokens[0].start, tokens[tokens.length - 1].end);
  let s = 0;
  const push = (endTok: number) => {
    if (endTok <= s) return;
    sentences.push({
      start: tokens[s].start,
      end: tokens[endTok - 1].end,
      tokStart: s,
      tokEnd: endTok,
      index: sentences.length,
    });
    s = endTok;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > s && t.nlBefore > 0) {
      const prev = tokens[i - 1];
      const blank = t.nlBefore > 1;
      const prevTerminal = TERMINAL.has(prev.raw) || CLOSERS.has(prev.raw) || prev.raw === ':';
      if (blank || !wrapped || prevTerminal) {
        push(i);
      }
    }
    if (!t.word && TERMINAL.has(t.raw)) {
      let j = i + 1;
      while (
        j < tokens.length &&
        CLOSERS.has(tokens[j].raw) &&
        tokens[j].nlBefore === 0 &&
        tokens[j].start === tokens[j - 1].end
      )
        j++;
      const next = tokens[j];
      if (!next) continue;
      if (t.raw === '.') {
        const prev = tokens[i - 1];
        if (prev && prev.word && prev.end === t.start) {
          if (ABBREVIATIONS.has(prev.low) && !(next.nlBefore > 0)) continue;
          if (prev.raw.length === 1 && isUpper(prev.raw) && next.nlBefore === 0) continue; // initials: U.S., J. Smith
          if (/^\d+$/.test(prev.raw) && next.word && /^\d/.test(next.raw)) continue;
        }
      }
      if (next.nlBefore > 0 || next.cap || /^\d/.test(next.raw) || OPENERS.has(next.raw)) push(j);
    }
  }
  push(tokens.length);
  return sentences;
}

function isHardWrapped(text: string, from: number, to: number): boolean {
  const lines = text
    .slice(from, to)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length < 4) return false;
  let open = 0;
  let closed = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const last = lines[i].charAt(lines[i].length - 1);
    if ('.!?:"”\''.includes(last)) closed++;
    else open++;
  }
  return open > closed;
}
