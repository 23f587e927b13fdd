/**
 * Aho-Corasick automaton over token keys (not characters): every gazetteer name is a sequence of
 * normalised tokens, and one left-to-right pass over a report's tokens finds every occurrence of
 * every name. Cost is linear in the number of tokens plus matches, independent of how many
 * names are loaded (a token is looked up once in a hash map of the vocabulary).
 */

export interface Match<P> {
  /** Token index of the first token of the match. */
  start: number;
  /** Token index after the last token. */
  end: number;
  payloads: P[];
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Pattern ending here (index into patterns), or -1. */
  pattern: number;
  /** Nearest node along the fail chain that ends a pattern (dictionary link), or -1. */
  dict: number;
  depth: number;
}

export class TokenAutomaton<P> {
  private vocab = new Map<string, number>();
  private nodes: Node[] = [{ next: new Map(), fail: 0, pattern: -1, dict: -1, depth: 0 }];
  private patterns: { length: number; payloads: P[] }[] = [];
  private built = false;

  /** Adds a pattern (sequence of keys). Adding the same sequence twice merges payloads. */
  add(keys: string[], payload: P): void {
    if (!keys.length) return;
    if (this.built) throw new Error('automaton already built');
    let n = 0;
    for (const k of keys) {
      let id = this.vocab.get(k);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(k, id);
      }
      let nx = this.nodes[n].next.get(id);
      if (nx === undefined) {
        nx = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, pattern: -1, dict: -1, depth: this.nodes[n].depth + 1 });
        this.nodes[n].next.set(id, nx);
      }
      n = nx;
    }
    const node = this.nodes[n];
    if (node.pattern < 0) {
      node.pattern = this.patterns.length;
      this.patterns.push({ length: keys.length, payloads: [payload] });
    } else {
      const p = this.patterns[node.pattern].payloads;
      if (!p.includes(payload)) p.push(payload);
    }
  }

  build(): this {
    const queue: number[] = [];
    for (const child of this.nodes[0].next.values()) {
      this.nodes[child].fail = 0;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      const un = this.nodes[u];
      for (const [sym, v] of un.next) {
        let f = un.fail;
        while (f !== 0 && !this.nodes[f].next.has(sym)) f = this.nodes[f].fail;
        const cand = this.nodes[f].next.get(sym);
        const vn = this.nodes[v];
        vn.fail = cand !== undefined && cand !== v ? cand : 0;
        const fn = this.nodes[vn.fail];
        vn.dict = fn.pattern >= 0 ? vn.fail : fn.dict;
        queue.push(v);
      }
    }
    this.built = true;
    return this;
  }

  get size(): number {
    return this.patterns.length;
  }

  /**
   * All matches over keys[from, to), reduced to the longest non-overlapping ones (leftmost-longest).
   * `accept` can veto a raw match (e.g. a single lower-case word in a capitalised text).
   */
  findAll(keys: readonly string[], from = 0, to = keys.length, accept?: (start: number, end: number) => boolean): Match<P>[] {
    if (!this.built) this.build();
    const raw: Match<P>[] = [];
    let state = 0;
    for (let i = from; i < to; i++) {
      const id = this.vocab.get(keys[i]);
      if (id === undefined) {
        state = 0;
        continue;
      }
      while (state !== 0 && !this.nodes[state].next.has(id)) state = this.nodes[state].fail;
      state = this.nodes[state].next.get(id) ?? 0;
      let o = this.nodes[state].pattern >= 0 ? state : this.nodes[state].dict;
      while (o >= 0) {
        const p = this.patterns[this.nodes[o].pattern];
        const start = i + 1 - p.length;
        if (!accept || accept(start, i + 1)) raw.push({ start, end: i + 1, payloads: p.payloads });
        o = this.nodes[o].dict;
      }
    }
    if (raw.length <= 1) return raw;
    raw.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Match<P>[] = [];
    let lastEnd = -1;
    for (const m of raw) {
      if (m.start >= lastEnd) {
        out.push(m);
        lastEnd = m.end;
      }
    }
    return out;
  }
}
