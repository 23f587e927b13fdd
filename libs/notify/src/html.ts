/**
 * HTML built only through the `html` tagged template: every interpolated value is escaped unless
 * it is already `SafeHtml` (produced by this module). Text from a report therefore cannot become
 * markup by construction, not by remembering to call escape at each use.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESC[c]);
}

type Interp = string | number | SafeHtml | null | undefined | false | readonly Interp[];

function render(v: Interp): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Interp[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** An http(s) URL fit for an href, or undefined (javascript:, data:, relative, malformed...). */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username || u.password) return undefined;
  return u.toString();
}

/**
 * Escapes the text, then wraps the occurrences of `needle` in <mark>. The text is split on the
 * raw occurrences first and each piece escaped on its own, so neither the needle nor the text
 * can produce markup, and the highlight never lands inside an entity.
 */
export function highlight(
  text: string,
  needle: string | undefined,
  tag: 'mark' | 'strong' = 'mark',
): SafeHtml {
  const spans = needle ? findPlace(text, needle) : [];
  if (!spans.length) return new SafeHtml(escapeHtml(text));
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    out += escapeHtml(text.slice(at, s)) + `<${tag}>` + escapeHtml(text.slice(s, e)) + `</${tag}>`;
    at = e;
  }
  return new SafeHtml(out + escapeHtml(text.slice(at)));
}

/** The text with the place marked for a plain-text part: `*Qala-i-Naw*`. */
export function highlightText(text: string, needle: string | undefined, mark = '*'): string {
  const spans = needle ? findPlace(text, needle) : [];
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    out += text.slice(at, s) + mark + text.slice(s, e) + mark;
    at = e;
  }
  return out + text.slice(at);
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Occurrences of a place name in text, tolerant of the spelling variants of transliterated names:
 * case, and hyphen/space/apostrophe runs ("Qala-i-Naw" finds "Qala i Naw" and "qala-i-naw").
 * The pattern is built from escaped literal pieces only and has no nested quantifiers.
 */
export function findPlace(text: string, name: string): [number, number][] {
  const parts = name
    .split(/[\s\-\u2010-\u2015'’`]+/)
    .filter(Boolean)
    .map(reEscape);
  if (!parts.length || name.length > 200) return [];
  const re = new RegExp(
    `(?<![\\p{L}\\p{N}])${parts.join("[\\s\\-\\u2010-\\u2015'’`]{0,3}")}(?![\\p{L}\\p{N}])`,
    'giu',
  );
  const out: [number, number][] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
