import type { WatchfireEvent } from '@watchfire/contracts';
import { ENGINE_LIMITS } from './limits';

export type TextKind = 'evidence' | 'report' | 'title';

/** Words of a text: letters and digits, lower case, diacritics removed. Hyphens, apostrophes and punctuation separate words. */
export function words(s: string): string[] {
  const t = /^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFKD').replace(/\p{M}+/gu, '');
  return t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Phrases compiled for search: each as its words between single spaces with a space at each end
 * (searched in the folded text), and all of them as one regular expression for ASCII texts.
 */
export interface PhraseSearch {
  keys: string[];
  /**
   * For ASCII texts (the common case): the phrases on word boundaries, case-insensitively, any
   * run of non-word characters between their words — one native regex pass instead of a folded
   * copy of the text. null when no phrase is ASCII (none can occur in an ASCII text). Linear:
   * literal alternatives, and each separator run is only re-tried where a literal word ended.
   */
  ascii: RegExp | null;
}

/** A single phrase compiled for `hasPhrase` (explanations name the phrase that hit). */
export interface Phrase extends PhraseSearch {
  words: string[];
  key: string;
}

const ASCII_WORD = /^[a-z0-9]+$/;

export function compilePhrases(phrases: readonly string[]): PhraseSearch {
  const ws = phrases.map(words).filter((w) => w.length > 0);
  const ascii = ws.filter((w) => w.every((x) => ASCII_WORD.test(x))).map((w) => w.join('[^a-z0-9]+'));
  return {
    keys: ws.map((w) => ` ${w.join(' ')} `),
    ascii: ascii.length
      ? new RegExp(`(?<![a-z0-9])(?:${[...new Set(ascii)].join('|')})(?![a-z0-9])`, 'i')
      : null,
  };
}

export function compilePhrase(phrase: string): Phrase {
  const w = words(phrase);
  return { words: w, key: w.length ? ` ${w.join(' ')} ` : '', ...compilePhrases([phrase]) };
}

/** One text of an event as rules see it: cut to the scan limit, folded for phrase search lazily, once per event. */
export class TextView {
  readonly text: string;
  readonly truncated: boolean;
  readonly originalLength: number;
  private folded: string | null = null;
  private ascii: boolean | null = null;

  constructor(raw: string, limit: number = ENGINE_LIMITS.textScanChars) {
    this.originalLength = raw.length;
    if (raw.length > limit) {
      let cut = raw.slice(0, limit);
      const last = cut.charCodeAt(cut.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1); // never split a surrogate pair
      this.text = cut;
      this.truncated = true;
    } else {
      this.text = raw;
      this.truncated = false;
    }
  }

  /** The text as words between single spaces: lower case, no diacritics, punctuation and hyphens as spaces. */
  private fold(): string {
    const body = this.isAscii()
      ? this.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')
      : this.text
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '')
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]+/gu, ' ');
    return ` ${body} `;
  }

  private isAscii(): boolean {
    // One UTF-8 byte per UTF-16 unit: only ASCII text (a lone surrogate counts three).
    return (this.ascii ??= Buffer.byteLength(this.text, 'utf8') === this.text.length);
  }

  /** Whether any of the phrases occurs on word boundaries (ASCII texts by the compiled regex, others in the folded text). */
  hasAny(search: PhraseSearch): boolean {
    if (this.isAscii()) return search.ascii !== null && search.ascii.test(this.text);
    const folded = (this.folded ??= this.fold());
    for (const key of search.keys) if (folded.includes(key)) return true;
    return false;
  }

  /** Whether the phrase occurs on word boundaries; a string is a folded key, searched in the folded text. */
  hasPhrase(p: Phrase | string): boolean {
    if (typeof p !== 'string') return p.key !== '' && this.hasAny(p);
    return p !== '' && (this.folded ??= this.fold()).includes(p);
  }

  /** A note for explanations when the text was longer than what rules scan. */
  scanNote(): string {
    return this.truncated
      ? ` (scanned the first ${this.text.length} of ${this.originalLength} characters)`
      : '';
  }
}

/**
 * The texts of an event: `evidence` = its evidence sentences, `report` = the report body
 * (`reportText`; when an event carries no body, its title and evidence), `title` = the report title.
 */
export function eventText(e: WatchfireEvent, kind: TextKind): string {
  switch (kind) {
    case 'evidence':
      return e.evidence.length === 1 ? e.evidence[0].text : e.evidence.map((x) => x.text).join('\n');
    case 'title':
      return e.report?.title ?? '';
    case 'report':
      return e.reportText ?? [e.report?.title, ...e.evidence.map((x) => x.text)].filter(Boolean).join('\n');
  }
}
