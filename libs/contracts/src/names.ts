/**
 * The one comparison of names across Watchfire: subscription filters (libs/notify matching), rule
 * conditions and the rule index (libs/rules-engine fields), silences and alert grouping all compare
 * what this returns, so a name that matches in one place matches in all of them.
 *
 * Transliterated place names come in many spellings of the same thing. Folded:
 * - case and Unicode form, and diacritics ("Ḩamāh" = "Hamah");
 * - hyphens and dashes, dots and whitespace runs become one space ("Sar-e Pol" = "Sar e Pol",
 *   "Qala-i-Naw" = "QALA‐I‐NAW" = "Qala i Naw", "St. Petersburg" = "St Petersburg");
 * - apostrophes and ayn/hamza marks are dropped ("Mek'ele" = "Mek’ele" = "Mekele"): writers include
 *   or omit them, but nobody writes a space for them.
 * Underscores stay: they only occur in identifiers and enum values (`provincial_capital_attack`).
 */
export function normalizeName(s: string): string {
  return isNormalized(s) ? s : slowNormalizeName(s);
}

/** Lower-case ASCII letters, digits, `_`, `:`, `/` and single inner spaces: already normalised. */
function isNormalized(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2f)
      continue;
    if (c === 0x20 && i > 0 && i < n - 1 && s.charCodeAt(i - 1) !== 0x20) continue;
    return false;
  }
  return true;
}

const MARKS = /\p{M}+/gu;
const APOSTROPHE = /['\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4]/;
const APOSTROPHES = new RegExp(APOSTROPHE.source, 'g');
const SEPARATORS = /[\s\-\u2010-\u2015\u2212.]+/g;

function slowNormalizeName(s: string): string {
  let t = s.normalize('NFKD').replace(MARKS, '').toLowerCase();
  // most names have no apostrophe: a test is cheaper than a replace that copies the string
  if (APOSTROPHE.test(t)) t = t.replace(APOSTROPHES, '');
  return t.replace(SEPARATORS, ' ').trim();
}
