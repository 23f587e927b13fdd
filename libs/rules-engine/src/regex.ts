import { RE2 } from 're2-wasm';
import { ENGINE_LIMITS } from './limits';

export type CompiledPattern = { ok: true; re: RE2 } | { ok: false; error: string };

/**
 * Compiled patterns by source. re2-wasm objects live in WebAssembly memory that is never freed,
 * so identical patterns share one object (rules are re-compiled on every change and restart).
 */
const cache = new Map<string, RE2>();
const MAX_CACHED = 50_000;

/**
 * Compiles an operator pattern with RE2 (linear time: no backtracking, so `(a+)+$` cannot stall).
 * Syntax is RE2's: inline flags such as `(?i)` (case-insensitive), `(?s)`, `(?m)` work as written;
 * lookaround and backreferences do not exist in RE2 and are refused with a clear error.
 */
export function compilePattern(pattern: string): CompiledPattern {
  if (pattern.length > ENGINE_LIMITS.patternChars) {
    return {
      ok: false,
      error: `pattern is ${pattern.length} characters; the limit is ${ENGINE_LIMITS.patternChars}`,
    };
  }
  const hit = cache.get(pattern);
  if (hit) return { ok: true, re: hit };
  // A leading JavaScript-style /.../i is a common slip: say how to write it in RE2.
  if (/^\/.*\/[a-z]*$/s.test(pattern) && pattern.length > 2) {
    return {
      ok: false,
      error: 'write the pattern without /slashes/; for case-insensitive matching start it with (?i)',
    };
  }
  try {
    const re = new RE2(pattern, 'u');
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, re);
    return { ok: true, re };
  } catch (e) {
    return { ok: false, error: describeRe2Error(pattern, (e as Error).message) };
  }
}

function describeRe2Error(pattern: string, message: string): string {
  // re2-wasm: "Invalid regular expression: /<pattern>/u: <reason>"
  const prefix = `Invalid regular expression: /${pattern}/u: `;
  let reason = message.startsWith(prefix)
    ? message.slice(prefix.length)
    : message.replace(/^Invalid regular expression: \/.*\/u: /s, '');
  if (/invalid perl operator: \(\?[=!<]/.test(reason) || /\(\?<[=!]/.test(pattern))
    reason += ' (RE2 has no lookahead or lookbehind)';
  else if (/invalid escape sequence: \\[1-9]/.test(reason)) reason += ' (RE2 has no backreferences)';
  return `RE2 refused the pattern: ${reason}`;
}
