import { describe, expect, it } from 'vitest';
import { nameKeys, splitSentences, tokenize } from '../src/text';

const sentences = (text: string) => {
  const toks = tokenize(text);
  return splitSentences(text, toks).map((s) => text.slice(s.start, s.end));
};

describe('tokenize', () => {
  it('keeps character offsets into the input', () => {
    const text = '  Taliban fighters seized Qala-i-Naw’s police HQ.';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.raw);
  });

  it('drops intra-word hyphens and marks the next word', () => {
    const toks = tokenize('Qala-i-Naw and pro-government forces');
    expect(toks.map((t) => t.low)).toEqual(['qala', 'i', 'naw', 'and', 'pro', 'government', 'forces']);
    expect(toks[1].hyphenBefore).toBe(true);
    expect(toks[5].hyphenBefore).toBe(true);
  });

  it('splits possessive s but keeps negative contractions', () => {
    expect(tokenize("Kunduz's governor didn't leave").map((t) => t.low)).toEqual([
      'kunduz',
      "'s",
      'governor',
      "didn't",
      'leave',
    ]);
    expect(tokenize('the Taliban’s claim').map((t) => t.low)).toEqual(['the', 'taliban', "'s", 'claim']);
  });

  it('folds diacritics and connector vowels for place keys', () => {
    expect(nameKeys('Qala-e-Naw')).toEqual(nameKeys('Qala i Naw'));
    expect(nameKeys('Pul-e Khumri')).toEqual(nameKeys('Pul-i-Khumri'));
    expect(nameKeys('Türkiye')).toEqual(['turkiye']);
    expect(nameKeys("Qal'eh-ye Now")).toEqual(['qaleh', 'i', 'now']);
  });
});

describe('splitSentences', () => {
  it('splits on terminal punctuation before a capital', () => {
    expect(sentences('Kunduz fell. Taloqan held! Did Herat fall? Yes.')).toEqual([
      'Kunduz fell.',
      'Taloqan held!',
      'Did Herat fall?',
      'Yes.',
    ]);
  });

  it('does not split after abbreviations, initials or inside dates', () => {
    expect(sentences('Gen. Sami Sadat said on Aug. 3 that U.S. aircraft struck. Fighting went on.')).toEqual([
      'Gen. Sami Sadat said on Aug. 3 that U.S. aircraft struck.',
      'Fighting went on.',
    ]);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(sentences('"We have taken Herat." The commander left.')).toEqual([
      '"We have taken Herat."',
      'The commander left.',
    ]);
  });

  it('treats lines as sentences in one-paragraph-per-line copy, and a headline as its own sentence', () => {
    expect(
      sentences('Taliban seize Ghazni\n\nThe Taliban seized Ghazni on Thursday.\nOfficials confirmed it.'),
    ).toEqual(['Taliban seize Ghazni', 'The Taliban seized Ghazni on Thursday.', 'Officials confirmed it.']);
  });

  it('joins hard-wrapped lines', () => {
    const text =
      'Taliban fighters took control of Maidan Shahr, the capital of Wardak\nprovince west of Kabul, on Sunday morning, a provincial council member\nsaid, as the insurgents closed in on the Afghan capital from several\ndirections.\n\nGovernment troops handed over their weapons and\nvehicles, the council member said.';
    const s = sentences(text);
    expect(s).toHaveLength(2);
    expect(s[0].startsWith('Taliban fighters')).toBe(true);
    expect(s[0].endsWith('directions.')).toBe(true);
  });
});
