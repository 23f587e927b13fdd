/**
 * Which feed items were already published. An item is identified three ways — its GUID/id, its
 * link and a hash of its text — so that a feed that rewrites GUIDs, moves links or republishes the
 * same story under a new URL still yields one report. Keys are short hashes so that the seen set
 * fits in the feed's compacted record (FeedSchema.seenItems, newest last, bounded).
 */
import { createHash } from 'node:crypto';
import type { FeedItem } from './parse';

export const SEEN_LIMIT = 5_000;

const h = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

/** Links that differ only in tracking parameters, fragment, case of host or a trailing slash are one link. */
export function normaliseLink(link: string): string {
  try {
    const u = new URL(link);
    u.hash = '';
    for (const k of [...u.searchParams.keys()])
      if (/^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|cmpid$)/i.test(k)) u.searchParams.delete(k);
    u.searchParams.sort();
    let s = `${u.protocol === 'https:' ? 'http:' : u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    if (s.endsWith('?')) s = s.slice(0, -1);
    return s;
  } catch {
    return link.trim();
  }
}

/** The text as the content hash sees it: case and whitespace do not make a new story. */
export function contentKeyText(item: Pick<FeedItem, 'title' | 'body'>): string {
  return (item.body || item.title || '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function itemKeys(item: FeedItem): string[] {
  const keys: string[] = [];
  if (item.guid) keys.push(`g:${h(item.guid.trim())}`);
  if (item.link) keys.push(`l:${h(normaliseLink(item.link))}`);
  const text = contentKeyText(item);
  if (text) keys.push(`c:${h(text)}`);
  return keys;
}

/** An insertion-ordered set with a size bound: the oldest keys are forgotten first. */
export class SeenItems {
  private readonly set: Set<string>;

  constructor(
    initial: readonly string[] = [],
    private readonly limit = SEEN_LIMIT,
  ) {
    this.set = new Set(initial);
    this.trim();
  }

  /** Seen if any of its keys was seen. */
  hasAny(keys: readonly string[]): boolean {
    return keys.some((k) => this.set.has(k));
  }

  add(keys: readonly string[]): void {
    for (const k of keys) {
      // re-inserting moves a key to the newest end, so items still in the feed are not forgotten
      this.set.delete(k);
      this.set.add(k);
    }
    this.trim();
  }

  get size(): number {
    return this.set.size;
  }

  toArray(): string[] {
    return [...this.set];
  }

  private trim(): void {
    while (this.set.size > this.limit) {
      const first = this.set.values().next().value as string;
      this.set.delete(first);
    }
  }
}

/**
 * Splits a feed's items into new and already seen, oldest first (feeds list newest first; reports
 * are published in the order they happened). Duplicates within one document count once.
 */
export function selectNewItems(
  items: readonly FeedItem[],
  seen: SeenItems,
): { fresh: Array<{ item: FeedItem; keys: string[] }>; seenCount: number } {
  const fresh: Array<{ item: FeedItem; keys: string[] }> = [];
  const inThisDoc = new SeenItems([], Number.MAX_SAFE_INTEGER);
  let seenCount = 0;
  for (const item of [...items].reverse()) {
    const keys = itemKeys(item);
    if (keys.length === 0 || seen.hasAny(keys) || inThisDoc.hasAny(keys)) {
      seenCount++;
      // still in the feed: keep its keys fresh so they are not forgotten while it is listed
      if (seen.hasAny(keys)) seen.add(keys);
      continue;
    }
    inThisDoc.add(keys);
    fresh.push({ item, keys });
  }
  return { fresh, seenCount };
}
