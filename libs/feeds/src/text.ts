/**
 * Text normalisation for report bodies: HTML to plain text, entity decoding, whitespace, and
 * strict UTF-8. Everything here runs in time linear in the input (scanners with indexOf, no
 * backtracking regular expressions over untrusted text).
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { FeedError } from './errors';

/** The five XML entities plus the HTML names that actually occur in news feeds (Latin-1 and typography). */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const NAMED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  hellip: '\u2026',
  bull: '\u2022',
  prime: '\u2032',
  Prime: '\u2033',
  lsaquo: '\u2039',
  rsaquo: '\u203a',
  euro: '\u20ac',
  trade: '\u2122',
  dagger: '\u2020',
  Dagger: '\u2021',
  permil: '\u2030',
  thinsp: '\u2009',
  ensp: '\u2002',
  emsp: '\u2003',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  OElig: '\u0152',
  oelig: '\u0153',
  Scaron: '\u0160',
  scaron: '\u0161',
  Yuml: '\u0178',
  fnof: '\u0192',
  circ: '\u02c6',
  tilde: '\u02dc',
  larr: '\u2190',
  rarr: '\u2192',
  uarr: '\u2191',
  darr: '\u2193',
  minus: '\u2212',
});
LATIN1.split(' ').forEach((name, i) => (NAMED[name] = String.fromCharCode(160 + i)));

const XML_ONLY: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
});

function codePointText(cp: number): string {
  // NUL, surrogates and beyond Unicode are not characters: the replacement character says so.
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}

function decodeWith(s: string, names: Record<string, string>): string {
  if (s.indexOf('&') < 0) return s;
  let out = '';
  let i = 0;
  for (;;) {
    const amp = s.indexOf('&', i);
    if (amp < 0) return out + s.slice(i);
    out += s.slice(i, amp);
    // entity names and numbers are short: look at most 32 characters ahead for the ';'
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 32) {
      out += '&';
      i = amp + 1;
      continue;
    }
    const ref = s.slice(amp + 1, semi);
    let rep: string | undefined;
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const digits = ref.slice(hex ? 2 : 1);
      if (digits && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits))
        rep = codePointText(parseInt(digits, hex ? 16 : 10));
    } else {
      rep = names[ref];
    }
    if (rep === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += rep;
      i = semi + 1;
    }
  }
}

/** Decodes XML's predefined entities and character references; anything else is left as written. */
export function decodeXmlEntities(s: string): string {
  return decodeWith(s, XML_ONLY);
}

/** Decodes HTML character references (common named ones, decimal, hex); unknown names are kept literally. */
export function decodeHtmlEntities(s: string): string {
  return decodeWith(s, NAMED);
}

/** Elements whose content is never reader-visible text. */
const SKIP_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'math',
  'head',
  'object',
  'select',
  'textarea',
]);
/** Elements that end a line or paragraph when rendered. */
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'figure',
  'figcaption',
  'hr',
  'dd',
  'dt',
  'dl',
  'address',
  'main',
  'nav',
  'tbody',
  'thead',
]);
const PARAGRAPH = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'table',
  'ul',
  'ol',
  'pre',
  'figure',
  'hr',
]);

/** Quickly tells whether a string has anything that looks like markup or an entity. */
export function looksLikeHtml(s: string): boolean {
  return /<[A-Za-z!/?]|&(#\d+|#x[0-9a-f]+|[A-Za-z]{2,8});/i.test(s);
}

/**
 * HTML (or an HTML fragment) to readable text: tags removed, script/style and other invisible
 * content dropped, block elements as line breaks, entities decoded, whitespace collapsed.
 */
export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += decodeHtmlEntities(html.slice(i));
      break;
    }
    out += decodeHtmlEntities(html.slice(i, lt));
    const next = html[lt + 1];
    if (next === '!' && html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (next === '!' && html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      // CDATA content is literal text
      out += html.slice(lt + 9, end < 0 ? n : end);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (!(next !== undefined && /[A-Za-z/!?]/.test(next))) {
      // a lone '<' in text, e.g. "a < b"
      out += '<';
      i = lt + 1;
      continue;
    }
    const end = findTagEnd(html, lt + 1);
    if (end < 0) break; // an unterminated tag at the end: drop it
    const inner = html.slice(lt + 1, end);
    i = end + 1;
    const closing = inner[0] === '/';
    const m = /^\/?\s*([A-Za-z][A-Za-z0-9:-]*)/.exec(inner);
    const name = m ? m[1].toLowerCase() : '';
    if (!closing && SKIP_CONTENT.has(name) && !inner.endsWith('/')) {
      // skip to the matching close tag (case-insensitive), or to the end
      const close = indexOfCaseInsensitive(html, `</${name}`, i);
      if (close < 0) {
        i = n;
      } else {
        const gt = html.indexOf('>', close);
        i = gt < 0 ? n : gt + 1;
      }
      continue;
    }
    if (name === 'br') out += '\n';
    else if (PARAGRAPH.has(name)) out += '\n\n';
    else if (BLOCK.has(name)) out += '\n';
    else if (name === 'td' || name === 'th') out += ' ';
    else if (name === 'img' && !closing) {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(inner);
      const text = alt ? (alt[2] ?? alt[3] ?? '').trim() : '';
      if (text) out += ` ${decodeHtmlEntities(text)} `;
    }
  }
  return collapseWhitespace(out);
}

function findTagEnd(s: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return -1;
}

function indexOfCaseInsensitive(haystack: string, needle: string, from: number): number {
  // needle is short and ASCII: search the lower-cased copy lazily in chunks to stay linear
  const lowerNeedle = needle.toLowerCase();
  const CHUNK = 64 * 1024;
  for (let start = from; start < haystack.length; start += CHUNK) {
    const slice = haystack.slice(start, start + CHUNK + needle.length).toLowerCase();
    const k = slice.indexOf(lowerNeedle);
    if (k >= 0) return start + k;
  }
  return -1;
}

/**
 * Whitespace as a reader sees it: runs of spaces/tabs/odd Unicode spaces become one space, lines
 * are trimmed, more than one blank line becomes one, control characters are removed.
 */
const NEEDS_WHITESPACE_WORK =
  /[\r\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff\u200b\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]| [ \n]|\n[ \n]/;

export function collapseWhitespace(s: string): string {
  // the common case, already clean text, costs one scan
  if (!NEEDS_WHITESPACE_WORK.test(s)) return s.trim();
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff\u200b]/g, '')
    .replace(/[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A report body as it is stored: HTML (if it looks like HTML) to text, entities decoded, Unicode
 * NFC, whitespace collapsed. Plain text passes through with only whitespace normalised.
 */
export function normaliseBody(s: string): string {
  const text =
    s.indexOf('<') < 0 && s.indexOf('&') < 0
      ? collapseWhitespace(s)
      : looksLikeHtml(s)
        ? htmlToText(s)
        : collapseWhitespace(s);
  return text.normalize('NFC');
}

/** One line of text (titles, sources): markup removed, all whitespace one space. */
export function normaliseLine(s: string): string {
  return normaliseBody(s).replace(/\s+/g, ' ').trim();
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A JS string that cannot be encoded as UTF-8 (a lone surrogate, e.g. from a broken \ud800 escape): where, or -1. */
export function findLoneSurrogate(s: string): number {
  const wellFormed = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (wellFormed && wellFormed.call(s)) return -1;
  const m = LONE_SURROGATE.exec(s);
  return m ? m.index : -1;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function findInvalidUtf8(buf: Uint8Array): number {
  // native check first: the common case (valid text) costs one fast scan
  if (isUtf8(buf)) return -1;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Bytes to text, refusing anything that is not valid UTF-8 (with the offset of the first bad byte). A BOM is dropped. */
export function decodeUtf8Strict(buf: Uint8Array, what = 'input'): string {
  try {
    return fatalUtf8.decode(buf);
  } catch {
    const at = findInvalidUtf8(buf);
    throw new FeedError(
      'invalid_utf8',
      `${what} is not valid UTF-8 (invalid byte sequence at byte ${at < 0 ? '?' : at}${at >= 0 ? `: 0x${buf[at].toString(16).padStart(2, '0')}` : ''})`,
    );
  }
}

/**
 * Decodes a fetched feed: the charset from the Content-Type or the XML declaration (UTF-8 when
 * neither says), a byte-order mark wins. UTF-8 is checked strictly; legacy charsets (windows-1252,
 * ISO-8859-x, ...) are decoded by the platform's decoder.
 */
export function decodeFeedBytes(buf: Uint8Array, contentType?: string): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return decodeUtf8Strict(buf.subarray(3), 'the feed');
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  let charset = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '')?.[1];
  if (!charset) {
    const head = Buffer.from(buf.subarray(0, 200)).toString('latin1');
    charset = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  }
  const label = (charset ?? 'utf-8').toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return decodeUtf8Strict(buf, 'the feed');
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(buf);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new FeedError(
      'unsupported_charset',
      `the feed declares charset ${JSON.stringify(charset)}, which this service cannot decode; serve it as UTF-8`,
    );
  }
  return decoder.decode(buf);
}

/** WHATWG: these labels all mean windows-1252 (Node 20's decoder treats 0x80-0x9f as C1 controls instead). */
const WINDOWS_1252_LABELS = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'l1',
  'us-ascii',
  'ascii',
  'iso_8859-1',
  'cp819',
  'ibm819',
]);
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(buf: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < buf.length; i += CHUNK) {
    const part = buf.subarray(i, i + CHUNK);
    let s = '';
    for (const b of part) s += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    out += s;
  }
  return out;
}
