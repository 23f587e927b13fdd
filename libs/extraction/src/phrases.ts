/**
 * Longest-match lookup of multi-word lexicon entries through a first-word index. Lexicon keys
 * are split on spaces and hyphens, like the token stream ("pro-government" -> pro government).
 */
export class PhraseTable<V> {
  private index = new Map<string, { words: string[]; value: V }[]>();

  constructor(entries: Iterable<[string, V]>) {
    for (const [key, value] of entries) {
      const words = key.split(/[\s-]+/).filter(Boolean);
      if (!words.length) continue;
      const list = this.index.get(words[0]) ?? [];
      list.push({ words, value });
      this.index.set(words[0], list);
    }
    for (const list of this.index.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Longest entry starting at `i`, as [value, end). */
  match(lows: readonly string[], i: number, limit = lows.length): { value: V; end: number } | undefined {
    const list = this.index.get(lows[i]);
    if (!list) return undefined;
    outer: for (const e of list) {
      const n = e.words.length;
      if (i + n > limit) continue;
      for (let k = 1; k < n; k++) if (lows[i + k] !== e.words[k]) continue outer;
      return { value: e.value, end: i + n };
    }
    return undefined;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }
}
