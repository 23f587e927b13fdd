/**
 * Normalisation of place names for matching: case, Unicode form, diacritics, and the
 * punctuation/spacing variants that transliterated names come in ("Qala-i-Naw", "Qala i Naw",
 * "QALA‐I‐NAW") all compare equal.
 */
export function normalizePlace(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015'’`_.]+/g, ' ')
    .trim();
}
