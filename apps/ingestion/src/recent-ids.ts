/**
 * The report ids de-duplication remembers: the newest `max`, oldest forgotten first. Every report
 * ever published used to stay in memory (~80 bytes each: a million reports, 80 MB, and growing);
 * a bound makes the memory a setting. A report older than the window is published again if
 * re-sent — with the same id, which the rules service treats as the report it already knows.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private forgotten = 0;

  constructor(readonly max: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    // one hash lookup, not two: this runs for every report published and every one read back
    const before = this.ids.size;
    this.ids.add(id);
    if (this.ids.size > before && this.ids.size > this.max) {
      // a Set iterates in insertion order: the first is the oldest
      this.ids.delete(this.ids.values().next().value!);
      this.forgotten++;
    }
  }

  get size(): number {
    return this.ids.size;
  }

  /** Ids dropped to stay within max, since start. */
  get evicted(): number {
    return this.forgotten;
  }
}
