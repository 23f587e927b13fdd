/**
 * Operator patterns are mostly keyword alternations: `(?i)seiz(ed|ure)|overr(un|an)`. Such a
 * pattern denotes a small finite set of strings, and "the text contains one of them" is its exact
 * meaning — answered with a few substring searches instead of a call into RE2's WebAssembly, which
 * costs ~9 µs per call on a 500-character report whatever the pattern (the string is copied into
 * WebAssembly memory every time).
 *
 * `literalSet` recognises that shape conservatively: literal characters, escaped punctuation,
 * groups, `|`, `?`, and small character classes, with an optional leading `(?i)`. Anything else
 * (`.`, `*`, `+`, `{n}`, `\b`, `\d`, anchors, inner flags, negated classes) returns null and the
 * pattern runs on RE2. Both paths are linear in the text; a differential test checks they agree.
 */

export interface LiteralSet {
  /** The strings the pattern matches; none is empty. */
  strings: string[];
  ignoreCase: boolean;
  /**
   * The same set as a JavaScript expression: an alternation of escaped literals, no quantifier,
   * so the backtracking engine is linear here too (each position tries each literal once).
   * Case-insensitive matching uses Unicode simple case folding (`iu`), as RE2's `(?i)` does.
   */
  regex: RegExp;
}

/** Beyond this many strings the expansion stops paying for itself (and stays bounded). */
export const MAX_LITERALS = 64;
const MAX_CLASS = 16;

class NotLiteral extends Error {}

const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);
const isAsciiPunct = (c: string) => /^[!-/:-@[-`{-~]$/.test(c);
const escapeLiteral = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function cross(a: string[], b: string[]): string[] {
  if (a.length * b.length > MAX_LITERALS) throw new NotLiteral();
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return out;
}

function union(a: string[], b: string[]): string[] {
  const out = [...new Set([...a, ...b])];
  if (out.length > MAX_LITERALS) throw new NotLiteral();
  return out;
}

/** The finite string set a pattern denotes, or null when it is not a plain keyword pattern. */
export function literalSet(pattern: string): LiteralSet | null {
  let ignoreCase = false;
  let src = pattern;
  if (src.startsWith('(?i)')) {
    ignoreCase = true;
    src = src.slice(4);
  }
  // Code points, so a character outside the BMP is one literal.
  const cs = [...src];
  let i = 0;

  const alternation = (): string[] => {
    let out = sequence();
    while (cs[i] === '|') {
      i++;
      out = union(out, sequence());
    }
    return out;
  };
  const sequence = (): string[] => {
    let out = [''];
    while (i < cs.length && cs[i] !== '|' && cs[i] !== ')') {
      let atom = single();
      if (cs[i] === '?') {
        i++;
        if (cs[i] === '?') i++; // lazy `??`: the same set of strings
        atom = union(atom, ['']);
      }
      if (cs[i] === '*' || cs[i] === '+' || cs[i] === '{') throw new NotLiteral();
      out = cross(out, atom);
    }
    return out;
  };
  const single = (): string[] => {
    const c = cs[i];
    if (c === '(') {
      i++;
      if (cs[i] === '?') {
        if (cs[i + 1] !== ':') throw new NotLiteral(); // named groups, inner flags
        i += 2;
      }
      const inner = alternation();
      if (cs[i] !== ')') throw new NotLiteral();
      i++;
      return inner;
    }
    if (c === '[') return charClass();
    if (c === '\\') {
      const e = cs[i + 1];
      if (e === undefined || !isAsciiPunct(e)) throw new NotLiteral(); // \d \b \x41 \pL \Q ...
      i += 2;
      return [e];
    }
    if (META.has(c)) throw new NotLiteral();
    i++;
    return [c];
  };
  const charClass = (): string[] => {
    i++; // [
    if (cs[i] === '^' || cs[i] === ']') throw new NotLiteral();
    const out = new Set<string>();
    while (cs[i] !== ']') {
      const c = cs[i];
      if (c === undefined || c === '\\' || c === '[') throw new NotLiteral();
      if (cs[i + 1] === '-' && cs[i + 2] !== undefined && cs[i + 2] !== ']') {
        const from = c.codePointAt(0)!;
        const to = cs[i + 2].codePointAt(0)!;
        if (to < from || to - from >= MAX_CLASS) throw new NotLiteral();
        for (let k = from; k <= to; k++) out.add(String.fromCodePoint(k));
        i += 3;
      } else {
        out.add(c);
        i++;
      }
      if (out.size > MAX_CLASS) throw new NotLiteral();
    }
    i++; // ]
    return [...out];
  };

  try {
    const strings = alternation();
    if (i !== cs.length) return null; // an unmatched `)`
    if (strings.some((s) => s === '')) return null; // matches everywhere: leave it to RE2
    const regex = new RegExp(strings.map(escapeLiteral).join('|'), ignoreCase ? 'iu' : 'u');
    return { strings, ignoreCase, regex };
  } catch (e) {
    if (e instanceof NotLiteral) return null;
    throw e;
  }
}
