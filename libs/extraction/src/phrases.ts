/**
 * Longest-match lookup of multi-word lexicon entries, as a trie over words. Several tables
 * (triggers, cues, actors, ...) share one trie so that one walk from a token finds the longest
 * entry of every table at once. Keys are split on spaces and hyphens, like the token stream
 * ("pro-government" -> pro government).
 */
interface TrieNode<V extends unknown[]> {
  next?: Map<string, TrieNode<V>>;
  /** Value per table at this node (undefined where no entry of that table ends here). */
  vals?: Partial<V>;
}

export class MultiTrie<V extends unknown[]> {
  private root = new Map<string, TrieNode<V>>();

  constructor(private tables: number) {}

  add(table: number, key: string, value: V[number]): void {
    const words = key.split(/[\s-]+/).filter(Boolean);
    if (!words.length) return;
    let map = this.root;
    let node: TrieNode<V> | undefined;
    for (let i = 0; i < words.length; i++) {
      node = map.get(words[i]);
      if (!node) {
        node = {};
        map.set(words[i], node);
      }
      if (i < words.length - 1) {
        if (!node.next) node.next = new Map();
        map = node.next;
      }
    }
    if (!node!.vals) node!.vals = [] as unknown as Partial<V>;
    const vals = node!.vals as unknown[];
    // First definition wins, like Map-building order would be reversed otherwise: keep the last (Map semantics).
    vals[table] = value;
  }

  /** Can any entry start with this word? */
  starts(word: string): boolean {
    return this.root.has(word);
  }

  /**
   * Longest entry of each table starting at `i`: out[table] = { value, end } or undefined.
   * Returns false when no entry starts here.
   */
  matchAll(
    words: readonly string[],
    i: number,
    limit: number,
    out: ({ value: unknown; end: number } | undefined)[],
  ): boolean {
    for (let t = 0; t < this.tables; t++) out[t] = undefined;
    let node = this.root.get(words[i]);
    if (!node) return false;
    let k = i;
    while (node) {
      const vals = node.vals as unknown[] | undefined;
      if (vals)
        for (let t = 0; t < this.tables; t++)
          if (vals[t] !== undefined) out[t] = { value: vals[t], end: k + 1 };
      k++;
      if (k >= limit || !node.next) break;
      node = node.next.get(words[k]);
    }
    return true;
  }

  /** Longest entry of one table starting at `i`. */
  match(
    table: number,
    words: readonly string[],
    i: number,
    limit = words.length,
  ): { value: V[number]; end: number } | undefined {
    let node = this.root.get(words[i]);
    let best: { value: V[number]; end: number } | undefined;
    let k = i;
    while (node) {
      const v = (node.vals as unknown[] | undefined)?.[table];
      if (v !== undefined) best = { value: v as V[number], end: k + 1 };
      k++;
      if (k >= limit || !node.next) break;
      node = node.next.get(words[k]);
    }
    return best;
  }
}

/** A single table (kept for small lookups such as coreference nouns). */
export class PhraseTable<V> {
  private trie = new MultiTrie<[V]>(1);

  constructor(entries: Iterable<[string, V]>) {
    for (const [key, value] of entries) this.trie.add(0, key, value);
  }

  match(lows: readonly string[], i: number, limit = lows.length): { value: V; end: number } | undefined {
    return this.trie.match(0, lows, i, limit);
  }

  has(word: string): boolean {
    return this.trie.starts(word);
  }
}
