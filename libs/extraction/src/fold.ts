/**
 * Transliteration folding for gazetteer names. The text side is never rewritten (tokens keep the
 * keys of text.ts); instead every gazetteer name is expanded into the spellings wire copy uses, so
 * that one automaton pass still finds them all. "Ḩamāh" -> hamah, hama; "Ar Raqqah" -> raqqah,
 * raqqa, ar raqqa; "Ta`izz" -> taizz, taiz; "Kismaayo" -> kismayo; "Khersonska Oblast" -> kherson
 * oblast, kherson region, ... What folding cannot reach (Mekele / Mekelle, El Fasher / Al-Fashir)
 * is in the curated overrides (gazetteer/world/overrides.json).
 */
import { nameKeys } from './text';

/** The automaton key of a name: its normalised tokens joined by one space. */
export function foldName(name: string): string {
  return nameKeys(stripGlottals(name)).join(' ');
}

// Arabic transliteration marks ('ayn, hamza) are written `, ‘, ’, ʿ, ʾ or ' and mostly dropped in
// English copy: "Dar`a" is Daraa or Dara, "Ma’rib" is Marib. Removing them keeps one token.
const GLOTTALS = /[`‘’ʿʾʻʼ'´]/g;
const stripGlottals = (s: string) => s.replace(GLOTTALS, '');

/** Arabic and Berber articles that English copy keeps or drops at will ("Ar Raqqah" / "Raqqa"). */
const ARTICLES = new Set([
  'al',
  'el',
  'ar',
  'as',
  'ad',
  'an',
  'ash',
  'az',
  'at',
  'ath',
  'adh',
  'ed',
  'er',
  'es',
  'en',
  'ez',
  'et',
]);

/** "raqqah" -> "raqqa": a final h after a vowel is often not written. */
function dropFinalH(tok: string): string | undefined {
  return tok.length > 4 && /[aei]h$/.test(tok) ? tok.slice(0, -1) : undefined;
}

/** "kismaayo" -> "kismayo", "taizz" -> "taiz": doubled letters are often written single. */
function collapseDoubles(tok: string): string {
  return tok.replace(/([a-z])\1+/g, '$1');
}

/**
 * Every key a place name should be found under, the plain fold first. Bounded: at most one variant
 * per rule and their combination, so a name yields at most ~8 keys.
 */
export function nameVariants(name: string): string[] {
  const base = nameKeys(stripGlottals(name));
  if (!base.length) return [];
  const out = new Set<string>([base.join(' ')]);
  const raw = nameKeys(name).join(' ');
  if (raw) out.add(raw);
  const forms: string[][] = [base];
  if (base.length >= 2 && ARTICLES.has(base[0]) && base.slice(1).join('').length >= 4)
    forms.push(base.slice(1));
  for (const f of [...forms]) {
    const last = f[f.length - 1];
    const noH = dropFinalH(last);
    if (noH) forms.push([...f.slice(0, -1), noH]);
  }
  for (const f of [...forms]) {
    const c = f.map(collapseDoubles);
    // Short collapsed forms are too often other words ("Amman" -> "aman"): five letters at least.
    if (c.join(' ') !== f.join(' ') && c.every((t) => t.length >= 2) && c.join('').length >= 5) forms.push(c);
  }
  for (const f of forms) out.add(f.join(' '));
  return [...out];
}

/** Words that say what kind of first-order division a name is ("Kherson Oblast", "Idlib Governorate"). */
const DIVISION_WORDS = new Set([
  'oblast',
  'oblasti',
  'voblasts',
  'region',
  'province',
  'provinsi',
  'provincia',
  'state',
  'governorate',
  'muhafazat',
  'wilayat',
  'wilaya',
  'department',
  'departement',
  'prefecture',
  'division',
  'district',
  'county',
  'kray',
  'krai',
  'respublika',
  'republic',
  'hizboch',
  'hizb',
  'kilil',
  'misto',
  'city',
  'territory',
  'municipality',
]);
/** How English copy names a first-order division after its base name. */
const ENGLISH_DIVISION_WORDS = ['region', 'province', 'state', 'governorate', 'oblast'];
const PREFIXES: [RegExp, string][] = [
  [/^nord /, 'north '],
  [/^sud /, 'south '],
  [/^haut /, 'upper '],
  [/^bas /, 'lower '],
];

/**
 * The base of a division name without its division word and with French compass prefixes in
 * English ("Nord-Kivu" -> north kivu, "Khersonska Oblast" -> khersonska), as keys.
 */
export function divisionBases(name: string): string[] {
  const toks = nameKeys(stripGlottals(name)).filter((t) => !DIVISION_WORDS.has(t));
  if (!toks.length) return [];
  const base = toks.join(' ');
  const out = new Set<string>([base]);
  for (const [re, en] of PREFIXES) if (re.test(base)) out.add(base.replace(re, en));
  if (toks.length >= 2 && ARTICLES.has(toks[0])) out.add(toks.slice(1).join(' '));
  for (const b of [...out]) {
    const t = b.split(' ');
    const noH = dropFinalH(t[t.length - 1]);
    if (noH) out.add([...t.slice(0, -1), noH].join(' '));
  }
  return [...out];
}

/**
 * Every key a first-order division should be found under: its own name, its base, the base with
 * an English division word, and - where the division is named for its capital by an adjective
 * ("Khersonska" for Kherson, "Kurskaya" for Kursk) - the capital's name with a division word.
 */
export function divisionVariants(name: string, capital?: string): string[] {
  const out = new Set<string>(nameVariants(name));
  const bases = divisionBases(name);
  for (const b of bases) {
    out.add(b);
    for (const w of ENGLISH_DIVISION_WORDS) out.add(`${b} ${w}`);
  }
  if (capital) {
    const cap = foldName(capital);
    const adjectival = bases.some(
      (b) => b !== cap && b.startsWith(cap) && /^(?:(?:ts|s)?k[a-z]*|a|aya|iy|yy)$/.test(b.slice(cap.length)),
    );
    if (cap && adjectival) for (const w of ENGLISH_DIVISION_WORDS) out.add(`${cap} ${w}`);
  }
  return [...out].filter(Boolean);
}
