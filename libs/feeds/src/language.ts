/**
 * A cheap language guess: is this English? Extraction understands English; other reports are
 * accepted and marked so extraction can skip them and say why. The guess uses the writing system
 * first (Arabic script, Cyrillic, ...) and then the share of frequent function words, which is
 * reliable on a paragraph and meaningless on a headline — short texts stay undetermined rather
 * than being wrongly marked non-English.
 */
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
const STOP_SETS = Object.fromEntries(Object.entries(STOP).map(([k, v]) => [k, new Set(v.split(' '))])) as Record<string, Set<string>>;

/** Letters that only Persian (and Urdu) or Pashto add to the Arabic alphabet, and frequent words. */
const PASHTO_LETTERS = /[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]/g;
const PERSIAN_LETTERS = /[\u067e\u0686\u0698\u06af\u06cc\u06a9]/g;
const URDU_LETTERS = /[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]/g;

const SCRIPTS: Array<[RegExp, string, string]> = [
  [/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/g, 'arabic', 'ar'],
  [/[\u0400-\u04ff]/g, 'cyrillic', 'ru'],
  [/[\u4e00-\u9fff\u3400-\u4dbf]/g, 'han', 'zh'],
  [/[\u3040-\u30ff]/g, 'kana', 'ja'],
  [/[\uac00-\ud7af]/g, 'hangul', 'ko'],
  [/[\u0590-\u05ff]/g, 'hebrew', 'he'],
  [/[\u0900-\u097f]/g, 'devanagari', 'hi'],
  [/[\u0e00-\u0e7f]/g, 'thai', 'th'],
  [/[\u0370-\u03ff]/g, 'greek', 'el'],
];

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/** Looks at no more than the first 20,000 characters: plenty for a guess, bounded cost. */
export function guessLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, 20_000);
  const latin = count(sample, /[A-Za-z\u00c0-\u024f]/g);
  let best: { script: string; code: string; n: number } | null = null;
  for (const [re, script, code] of SCRIPTS) {
    const n = count(sample, re);
    if (n > 0 && (!best || n > best.n)) best = { script, code, n };
  }
  if (best && best.n > latin) {
    if (best.n < 3) return { language: undefined, english: undefined, reason: 'too little text to tell' };
    let code = best.code;
    if (best.script === 'arabic') {
      const ps = count(sample, PASHTO_LETTERS);
      const fa = count(sample, PERSIAN_LETTERS);
      const ur = count(sample, URDU_LETTERS);
      if (ps > 0 && ps * 4 >= fa) code = 'ps';
      else if (ur > 2 && ur * 2 >= fa) code = 'ur';
      else if (fa > 0) code = 'fa';
    }
    return { language: code, english: false, reason: `mostly ${best.script} script` };
  }
  const words = sample.toLowerCase().match(/[a-z\u00c0-\u024f']+/g) ?? [];
  if (words.length < 8) return { language: undefined, english: undefined, reason: 'too little text to tell' };
  const scores: Array<[string, number]> = Object.entries(STOP_SETS).map(([lang, set]) => {
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    return [lang, hits / words.length];
  });
  scores.sort((a, b) => b[1] - a[1]);
  const [top, topScore] = scores[0]!;
  const en = scores.find(([l]) => l === 'en')![1];
  if (topScore < 0.05) return { language: undefined, english: undefined, reason: 'no frequent function words of a known language' };
  if (top === 'en' || en >= topScore * 0.9) return { language: 'en', english: true, reason: `English function words ${(en * 100).toFixed(0)}% of words` };
  return { language: top, english: false, reason: `${top} function words ${(topScore * 100).toFixed(0)}% of words (English ${(en * 100).toFixed(0)}%)` };
}
