import type { WatchfireEvent } from '@watchfire/contracts';
import { ENGINE_LIMITS } from './limits';

export type TextKind = 'evidence' | 'report' | 'title';

/** Words of a text: letters and digits, lower case, diacritics removed. Hyphens, apostrophes and punctuation separate words. */
export function words(s: string): string[] {
  // eslint-disable-next-line no-control-regex
  const t = /^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFKD').replace(/\p{M}+/gu, '');
  return t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A phrase compiled for `hasPhrase`: its words, and the same between single spaces with a space at each end. */
export interface Phrase {
  words: string[];
  key: string;
}

export function compilePhrase(phrase: string): Phrase {
  const w = words(phrase);
  return { words: w, key: w.length ? ` ${w.join(' ')} ` : '' };
}

const isWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

/** One text of an event as rules see it: cut to the scan limit, folded for phrase search lazily, once per event. */
export class TextView {
  readonly text: string;
  readonly truncated: boolean;
  readonly originalLength: number;
  private folded: string | null = null;
  private lower: string | null = null;
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
    // eslint-disable-next-line no-control-regex
    const ascii = !/[^\x00-\x7f]/.test(this.text);
    const body = ascii
      ? this.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')
      : this.text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
    return ` ${body} `;
  }

  /**
   * Whether the phrase occurs on word boundaries. ASCII texts (the common case) are searched in
   * place — lower-cased once, words found with indexOf, any run of non-word characters between
   * them — instead of folding the whole text; other texts are folded once (diacritics removed).
   */
  hasPhrase(p: Phrase | string): boolean {
    const key = typeof p === 'string' ? p : p.key;
    if (key === '') return false;
    // eslint-disable-next-line no-control-regex
    if (this.ascii === null) this.ascii = !/[^\x00-\x7f]/.test(this.text);
    if (!this.ascii || typeof p === 'string') return (this.folded ??= this.fold()).includes(key);
    const s = (this.lower ??= this.text.toLowerCase());
    const w = p.words;
    const first = w[0]!;
    for (let at = s.indexOf(first); at !== -1; at = s.indexOf(first, at + 1)) {
      if (at > 0 && isWordChar(s.charCodeAt(at - 1))) continue;
      let pos = at + first.length;
      let ok = true;
      for (let i = 1; i < w.length && ok; i++) {
        const gap = pos;
        while (pos < s.length && !isWordChar(s.charCodeAt(pos))) pos++;
        if (pos === gap || !s.startsWith(w[i]!, pos)) ok = false;
        else pos += w[i]!.length;
      }
      if (ok && (pos >= s.length || !isWordChar(s.charCodeAt(pos)))) return true;
    }
    return false;
  }

  /** A note for explanations when the text was longer than what rules scan. */
  scanNote(): string {
    return this.truncated ? ` (scanned the first ${this.text.length} of ${this.originalLength} characters)` : '';
  }
}

/**
 * The texts of an event: `evidence` = its evidence sentences, `report` = the report body
 * (`reportText`; when an event carries no body, its title and evidence), `title` = the report title.
 */
export function eventText(e: WatchfireEvent, kind: TextKind): string {
  switch (kind) {
    case 'evidence':
      return e.evidence.length === 1 ? e.evidence[0]!.text : e.evidence.map((x) => x.text).join('\n');
    case 'title':
      return e.report?.title ?? '';
    case 'report':
      return e.reportText ?? [e.report?.title, ...e.evidence.map((x) => x.text)].filter(Boolean).join('\n');
  }
}
