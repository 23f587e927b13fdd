/**
 * Everything that goes into a mail header passes through here. Control characters (CR/LF would
 * start a new header or the body), Unicode line/paragraph separators and bidi overrides (which
 * make a subject read differently from what it says) become spaces; runs of whitespace collapse;
 * `=?` is broken up so report text cannot pose as an encoded-word; the length is capped. Non-ASCII text is left to the mailer's RFC 2047 encoding.
 */
export const HEADER_MAX_CHARS = 200;

// C0, DEL, C1, zero-width and bidi controls, line/paragraph separators, BOM.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

export function sanitizeHeader(value: string, max = HEADER_MAX_CHARS): string {
  // `=?` would start an RFC 2047 encoded-word, which a mail client decodes for display.
  const clean = value.replace(UNSAFE, ' ').replace(/\s+/g, ' ').replace(/=\?/g, '= ?').trim();
  if (clean.length <= max) return clean;
  // Do not cut a surrogate pair in half.
  let cut = max - 1;
  const code = clean.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${clean.slice(0, cut).trimEnd()}…`;
}

/** Whether a string can be put in a header as is (used by tests and as a last check). */
export function isHeaderSafe(value: string): boolean {
  return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value);
}

/**
 * Encodes an id for the left part of a Message-ID (RFC 5322 dot-atom-text): letters, digits, `_`
 * and `-` pass, everything else (including `.` and `:`) becomes `=XX`. Injective, so distinct
 * (alert, revision, subscription) triples never share a Message-ID.
 */
export function atomEncode(s: string): string {
  return Array.from(new TextEncoder().encode(s), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9_-]/.test(c) ? c : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

export function validDomain(domain: string): string {
  const d = domain.trim().toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(d)) {
    throw new Error(`not a valid Message-ID domain: ${JSON.stringify(domain)}`);
  }
  return d;
}

/** `<alertId.revision.subscriptionId@domain>`: the same mail always gets the same Message-ID. */
export function alertMessageId(
  alertId: string,
  revision: number,
  subscriptionId: string,
  domain = 'watchfire',
): string {
  return `<${atomEncode(alertId)}.${revision}.${atomEncode(subscriptionId)}@${validDomain(domain)}>`;
}

export function digestMessageId(subscriptionId: string, periodStart: string, domain = 'watchfire'): string {
  return `<digest.${atomEncode(subscriptionId)}.${atomEncode(periodStart)}@${validDomain(domain)}>`;
}

export function confirmMessageId(subscriptionId: string, version: number, domain = 'watchfire'): string {
  return `<confirm.${atomEncode(subscriptionId)}.${version}@${validDomain(domain)}>`;
}
