import type { WatchfireEvent } from '@watchfire/contracts';
import { ENGINE_LIMITS } from './limits';

export type TextKind = 'evidence' | 'report' | 'title';

/** Words of a text: letters and digits, lower case, diacritics removed. Hyphens, apostrophes and punctuation separate words. */
export function words(s: string): string[] {
  // eslint-disable-next-line no-control-regex
  const t = /^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFKD').replace(/\p{M}+/gu, '');
  return t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A phrase as `hasPhrase` wants it: its words between single spaces, with a space at each end. */
export function phraseKey(phrase: string): string {
  const w = words(phrase);
  return w.length ? ` ${w.join(' ')} ` : '';
}

/** One text of an event as rules see it: cut to the scan limit, folded for phrase search lazily, once per event. */
export class TextView {
  readonly text: string;
  readonly truncated: boolean;
  readonly originalLength: number;
  private folded: string | null = null;

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

  /** Whether the phrase (a phraseKey) occurs on word boundaries. */
  hasPhrase(key: string): boolean {
    if (key === '') return false;
    return (this.folded ??= this.fold()).includes(key);
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
      return e.evidence.map((x) => x.text).join('\n');
    case 'title':
      return e.report?.title ?? '';
    case 'report':
      return e.reportText ?? [e.report?.title, ...e.evidence.map((x) => x.text)].filter(Boolean).join('\n');
  }
}
