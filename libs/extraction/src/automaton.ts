/**
 * Aho-Corasick automaton over token keys (not characters): every gazetteer name is a sequence of
 * normalised tokens, and one left-to-right pass over a report's tokens finds every occurrence of
 * every name. Cost is linear in the number of tokens plus matches, independent of how many names
 * are loaded (a token is looked up once in a hash map of the vocabulary, a transition once in a
 * hash map of (state, token)).
 *
 * The structure is kept compact (one Map for all transitions, typed arrays for the rest) so that a
 * gazetteer of tens of thousands of names stays small on the heap and cheap for the GC.
 */

export interface Match<P> {
  /** Token index of the first token of the match. */
  start: number;
  /** Token index after the last token. */
  end: number;
  payloads: P[];
}

const SYM_BITS = 2 ** 24;

export class TokenAutomaton<P> {
  private vocab = new Map<string, number>();
  /** (state * 2^24 + symbol) -> state */
  private goto = new Map<number, number>();
  private nodeCount = 1;
  private building: { children: number[][]; patternOf: number[] } | undefined = {
    children: [[]],
    patternOf: [-1],
  };
  private fail = new Int32Array(0);
  private patternAt = new Int32Array(0);
  private dict = new Int32Array(0);
  private patternLength: number[] = [];
  private patternPayloads: P[][] = [];

  /** Adds a pattern (sequence of keys). Adding the same sequence twice merges payloads. */
  add(keys: string[], payload: P): void {
    if (!keys.length) return;
    const b = this.building;
    if (!b) throw new Error('automaton already built');
    let n = 0;
    for (const k of keys) {
      let id = this.vocab.get(k);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(k, id);
      }
      const key = n * SYM_BITS + id;
      let nx = this.goto.get(key);
      if (nx === undefined) {
        nx = this.nodeCount++;
        this.goto.set(key, nx);
        b.children[n].push(nx, id);
        b.children.push([]);
        b.patternOf.push(-1);
      }
      n = nx;
    }
    if (b.patternOf[n] < 0) {
      b.patternOf[n] = this.patternLength.length;
      this.patternLength.push(keys.length);
      this.patternPayloads.push([payload]);
    } else {
      const p = this.patternPayloads[b.patternOf[n]];
      if (!p.includes(payload)) p.push(payload);
    }
  }

  build(): this {
    const b = this.building;
    if (!b) return this;
    const N = this.nodeCount;
    this.fail = new Int32Array(N);
    this.dict = new Int32Array(N).fill(-1);
    this.patternAt = Int32Array.from(b.patternOf);
    const queue = new Int32Array(N);
    let qh = 0;
    let qt = 0;
    const root = b.children[0];
    for (let c = 0; c < root.length; c += 2) {
      this.fail[root[c]] = 0;
      queue[qt++] = root[c];
    }
    while (qh < qt) {
      const u = queue[qh++];
      const ch = b.children[u];
      for (let c = 0; c < ch.length; c += 2) {
        const v = ch[c];
        const sym = ch[c + 1];
        let f = this.fail[u];
        let cand = this.goto.get(f * SYM_BITS + sym);
        while (cand === undefined && f !== 0) {
          f = this.fail[f];
          cand = this.goto.get(f * SYM_BITS + sym);
        }
        this.fail[v] = cand !== undefined && cand !== v ? cand : 0;
        const fv = this.fail[v];
        this.dict[v] = this.patternAt[fv] >= 0 ? fv : this.dict[fv];
        queue[qt++] = v;
      }
    }
    this.building = undefined;
    return this;
  }

  get size(): number {
    return this.patternLength.length;
  }

  /**
   * All matches over keys[from, to), reduced to the longest non-overlapping ones (leftmost-longest).
   * `accept` can veto a raw match (e.g. a single lower-case word in a capitalised text);
   * `canStart[i] === 0` says no accepted match can start at token i (it must agree with `accept`).
   */
  findAll(
    keys: readonly string[],
    from = 0,
    to = keys.length,
    accept?: (start: number, end: number) => boolean,
    canStart?: Uint8Array,
  ): Match<P>[] {
    if (this.building) this.build();
    const raw: Match<P>[] = [];
    let state = 0;
    for (let i = from; i < to; i++) {
      // Outside a partial match, a token where no match may start (per the caller) is skipped
      // without a lookup; any match through it would start there and be rejected anyway.
      if (state === 0 && canStart && canStart[i] === 0) continue;
      const id = this.vocab.get(keys[i]);
      if (id === undefined) {
        state = 0;
        continue;
      }
      let nx = this.goto.get(state * SYM_BITS + id);
      while (nx === undefined && state !== 0) {
        state = this.fail[state];
        nx = this.goto.get(state * SYM_BITS + id);
      }
      state = nx ?? 0;
      let o = this.patternAt[state] >= 0 ? state : this.dict[state];
      while (o >= 0) {
        const p = this.patternAt[o];
        const start = i + 1 - this.patternLength[p];
        if (!accept || accept(start, i + 1))
          raw.push({ start, end: i + 1, payloads: this.patternPayloads[p] });
        o = this.dict[o];
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
