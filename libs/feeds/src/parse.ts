/**
 * RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0 to a list of items, with fast-xml-parser.
 * Entity expansion is off (no XXE, no billion laughs): documents that declare entities are refused,
 * the XML predefined entities and character references are decoded here.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from './errors';
import { decodeXmlEntities, looksLikeHtml, normaliseBody, normaliseLine } from './text';

export interface FeedItem {
  title?: string;
  /** Plain text: the longest of content / description / summary, HTML removed. */
  body: string;
  link?: string;
  guid?: string;
  /** ISO 8601 (UTC) when the feed gave a parseable date. */
  publishedAt?: string;
}

export interface ParsedFeed {
  format: 'rss2' | 'rss1' | 'atom';
  title?: string;
  link?: string;
  items: FeedItem[];
  /** Items left out: over maxItems, or without any text. */
  skipped: number;
}

export const FEED_LIMITS = {
  /** Characters of XML accepted (the fetcher also bounds bytes). */
  maxChars: 5 * 1024 * 1024,
  maxItems: 500,
  maxTitleChars: 1_000,
  maxBodyChars: 200_000,
  maxUrlChars: 2_048,
  maxGuidChars: 1_000,
} as const;

export interface ParseOptions {
  maxChars?: number;
  maxItems?: number;
  /** Resolves relative links (the feed's own URL). */
  baseUrl?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: '#cdata',
  textNodeName: '#text',
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'atom:link',
});

export function parseFeed(xml: string, opts: ParseOptions = {}): ParsedFeed {
  const maxChars = opts.maxChars ?? FEED_LIMITS.maxChars;
  const maxItems = opts.maxItems ?? FEED_LIMITS.maxItems;
  if (xml.length > maxChars)
    throw new FeedError(
      'too_large',
      `the feed is ${xml.length} characters, more than the ${maxChars} accepted`,
    );
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (!text.trim()) throw new FeedError('not_a_feed', 'the response is empty');
  // Entity declarations are how XXE and entity-expansion bombs work; feeds never need them.
  if (/<!ENTITY/i.test(text))
    throw new FeedError('forbidden_xml', 'the feed declares XML entities (<!ENTITY>), which are refused');
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new FeedError(
      'malformed_xml',
      `malformed XML at line ${line}, column ${col}: ${String(msg).replace(/\s+/g, ' ').slice(0, 300)}`,
    );
  }
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (e) {
    throw new FeedError('malformed_xml', `malformed XML: ${(e as Error).message}`);
  }
  const rootName = Object.keys(doc).find(
    (k) => !k.startsWith('?') && !k.startsWith('#') && !k.startsWith('!'),
  );
  const root = rootName ? asNode(doc[rootName]) : undefined;
  const local = rootName?.replace(/^.*:/, '');
  if (!root || !local) throw new FeedError('not_a_feed', 'no root element');
  if (local === 'rss') return rss2(root, maxItems, opts.baseUrl);
  if (local === 'RDF') return rss1(root, maxItems, opts.baseUrl);
  if (local === 'feed') return atom(root, maxItems, opts.baseUrl);
  throw new FeedError(
    'not_a_feed',
    `not an RSS or Atom feed: the root element is <${rootName}>${local.toLowerCase() === 'html' ? ' (a web page, not its feed)' : ''}`,
  );
}

function rss2(root: Node, maxItems: number, baseUrl?: string): ParsedFeed {
  const channel = asNode(root.channel);
  if (!channel) throw new FeedError('not_a_feed', 'an RSS document without <channel>');
  const link = linkOf(channel.link, baseUrl);
  const raw = arr(channel.item);
  // RSS 0.91/1.0-style documents sometimes put items beside the channel
  if (raw.length === 0) raw.push(...arr(root.item));
  return collect('rss2', channel, raw, maxItems, link ?? baseUrl, (it, base) => ({
    title: textOf(it.title),
    html: longest(
      htmlOf(it['content:encoded']),
      htmlOf(it.description),
      htmlOf(it['media:description']),
      htmlOf(it.summary),
    ),
    link: linkOf(it.link, base) ?? (isPermaLink(it.guid) ? absoluteUrl(textOf(it.guid), base) : undefined),
    guid: textOf(it.guid),
    date: textOf(it.pubDate) ?? textOf(it['dc:date']) ?? textOf(it.published) ?? textOf(it.updated),
  }));
}

function rss1(root: Node, maxItems: number, baseUrl?: string): ParsedFeed {
  const channel = asNode(root.channel) ?? {};
  const link = linkOf(channel.link, baseUrl);
  return collect('rss1', channel, arr(root.item), maxItems, link ?? baseUrl, (it, base) => ({
    title: textOf(it.title),
    html: longest(htmlOf(it['content:encoded']), htmlOf(it.description), htmlOf(it['dc:description'])),
    link: linkOf(it.link, base),
    guid: attr(it, 'rdf:about') ?? textOf(it['dc:identifier']),
    date: textOf(it['dc:date']) ?? textOf(it.pubDate),
  }));
}

function atom(root: Node, maxItems: number, baseUrl?: string): ParsedFeed {
  const base = absoluteUrl(attr(root, 'xml:base'), baseUrl) ?? baseUrl;
  const link = atomLink(root.link, base);
  return collect('atom', root, arr(root.entry), maxItems, link ?? base, (it, b) => {
    const entryBase = absoluteUrl(attr(it, 'xml:base'), b) ?? b;
    return {
      title: atomHtml(it.title),
      html: longest(
        atomHtml(it.content),
        atomHtml(it.summary),
        htmlOf(it['media:group'] && asNode(it['media:group'])?.['media:description']),
      ),
      link: atomLink(it.link, entryBase),
      guid: textOf(it.id),
      date: textOf(it.published) ?? textOf(it.updated) ?? textOf(it.issued) ?? textOf(it.modified),
    };
  });
}

interface RawItem {
  title?: string;
  html?: string;
  link?: string;
  guid?: string;
  date?: string;
}

function collect(
  format: ParsedFeed['format'],
  channel: Node,
  raw: unknown[],
  maxItems: number,
  base: string | undefined,
  read: (it: Node, base?: string) => RawItem,
): ParsedFeed {
  const items: FeedItem[] = [];
  let skipped = Math.max(0, raw.length - maxItems);
  for (const r of raw.slice(0, maxItems)) {
    const node = asNode(r);
    if (!node) {
      skipped++;
      continue;
    }
    const ri = read(node, base);
    const title = ri.title ? clip(normaliseLine(ri.title), FEED_LIMITS.maxTitleChars) : undefined;
    const body = ri.html ? clip(normaliseBody(ri.html), FEED_LIMITS.maxBodyChars) : '';
    if (!body && !title) {
      skipped++;
      continue;
    }
    const item: FeedItem = { body };
    if (title) item.title = title;
    if (ri.link && ri.link.length <= FEED_LIMITS.maxUrlChars) item.link = ri.link;
    if (ri.guid) item.guid = clip(ri.guid.trim(), FEED_LIMITS.maxGuidChars);
    const date = ri.date ? parseFeedDate(ri.date) : undefined;
    if (date) item.publishedAt = date;
    items.push(item);
  }
  const feed: ParsedFeed = { format, items, skipped };
  const title = format === 'atom' ? atomHtml(channel.title) : textOf(channel.title);
  if (title) feed.title = clip(normaliseLine(title), FEED_LIMITS.maxTitleChars);
  if (base) feed.link = base;
  return feed;
}

/**
 * RFC 822 (RSS: "Fri, 09 Jul 2021 08:30:00 +0430", named zones GMT/EST/...) and RFC 3339 (Atom,
 * dc:date) to ISO 8601 UTC; undefined when it is not a date.
 */
export function parseFeedDate(s: string): string | undefined {
  const t = s.trim();
  if (!t) return undefined;
  // date-only (dc:date "2021-07-09"): midnight UTC rather than the local-time reading of some engines
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const ms = dateOnly
    ? Date.UTC(+dateOnly[1], +dateOnly[2] - 1, +dateOnly[3])
    : Date.parse(t.replace(/\s+(UT|Z)$/i, ' GMT'));
  if (!Number.isFinite(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  if (year < 1990 || year > 2200) return undefined;
  return new Date(ms).toISOString();
}

// ---- node helpers -------------------------------------------------------------------------

function asNode(v: unknown): Node | undefined {
  if (Array.isArray(v)) return asNode(v[0]);
  if (v && typeof v === 'object') return v as Node;
  return undefined;
}

function arr(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? [...(v as unknown[])] : [v];
}

function attr(v: unknown, name: string): string | undefined {
  const n = asNode(v);
  const a = n?.[`@_${name}`];
  return typeof a === 'string' ? decodeXmlEntities(a).trim() || undefined : undefined;
}

/**
 * The text of an element: its text (XML entities decoded) and CDATA sections (literal), in that
 * order; child elements are flattened (RSS titles occasionally carry inline markup).
 */
function rawText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return decodeXmlEntities(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(rawText).filter(Boolean).join(' ');
  if (typeof v === 'object') {
    const n = v as Node;
    const parts: string[] = [];
    for (const [k, child] of Object.entries(n)) {
      if (k.startsWith('@_')) continue;
      if (k === '#cdata') parts.push(Array.isArray(child) ? child.join('') : String(child));
      else if (k === '#text') parts.push(decodeXmlEntities(String(child)));
      else {
        const inner = rawText(child);
        if (inner) parts.push(BLOCKISH.has(k.replace(/^.*:/, '')) ? `\n${inner}\n` : inner);
      }
    }
    return parts.join(' ');
  }
  return '';
}
const BLOCKISH = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);

function textOf(v: unknown): string | undefined {
  const t = rawText(v).trim();
  return t || undefined;
}

/** RSS description / content:encoded: HTML, escaped or in CDATA. */
function htmlOf(v: unknown): string | undefined {
  return textOf(v);
}

/** Atom text constructs: type="text" (default), "html" (escaped HTML) or "xhtml" (inline markup). */
function atomHtml(v: unknown): string | undefined {
  const n = asNode(v);
  if (n && attr(n, 'src') && !n['#text'] && !n['#cdata']) return undefined; // out-of-line content
  const type = (n && attr(n, 'type')) || 'text';
  const t = textOf(v);
  if (!t) return undefined;
  if (type === 'text' || type === 'text/plain') return looksLikeHtml(t) ? escapeForHtml(t) : t;
  return t;
}

/** Plain text that must not be read as markup when the body is later turned into text. */
function escapeForHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isPermaLink(guid: unknown): boolean {
  const n = asNode(guid);
  const p = n ? attr(n, 'isPermaLink') : undefined;
  const t = textOf(guid);
  return !!t && /^https?:\/\//i.test(t) && p !== 'false';
}

function linkOf(v: unknown, base?: string): string | undefined {
  for (const l of arr(v)) {
    const n = asNode(l);
    // <link>url</link>, or an Atom-style <atom:link href> mixed into RSS
    const href = n ? (attr(n, 'href') ?? textOf(n)) : textOf(l);
    const url = absoluteUrl(href, base);
    if (url) return url;
  }
  return undefined;
}

function atomLink(v: unknown, base?: string): string | undefined {
  const links = arr(v)
    .map(asNode)
    .filter((n): n is Node => !!n);
  const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && attr(l, 'href'));
  const any = alternate ?? links.find((l) => attr(l, 'href') && attr(l, 'rel') !== 'self');
  return absoluteUrl(any ? attr(any, 'href') : undefined, base);
}

/** http(s) URLs only (a javascript: or data: link is dropped), resolved against the feed. */
export function absoluteUrl(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.toString();
  } catch {
    return undefined;
  }
}

function longest(...xs: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const x of xs) if (x && (!best || x.length > best.length)) best = x;
  return best;
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  // do not cut a surrogate pair in half
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(s[end - 1] ?? '')) end--;
  return `${s.slice(0, end)}\u2026`;
}
