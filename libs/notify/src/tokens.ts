import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links that work without a login: `<payload>.<signature>`, both base64url, where the
 * payload is `{p: purpose, s: subscription id, t: issued-at seconds, b?: binding}` and the
 * signature is HMAC-SHA256 over a domain-separated message. The purpose is inside the signed
 * payload, so a confirmation link cannot be replayed as an unsubscribe link or vice versa.
 * Several secrets may be configured: the first signs, all verify (key rotation).
 */
export type TokenPurpose = 'unsubscribe' | 'confirm' | 'manage';
const PURPOSES: readonly TokenPurpose[] = ['unsubscribe', 'confirm', 'manage'];

export const TOKEN_MAX_CHARS = 512;
const MIN_SECRET_BYTES = 16;

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriptionId: string;
  issuedAt: Date;
  /** Short hash of the value the token was bound to (e.g. the e-mail address), if any. */
  binding?: string;
}

export type VerifyResult =
  | ({ ok: true } & TokenClaims)
  | {
      ok: false;
      reason:
        'malformed' | 'bad_signature' | 'wrong_purpose' | 'expired' | 'not_yet_valid' | 'binding_mismatch';
    };

export interface VerifyOptions {
  now?: number;
  /** Refuse tokens older than this (confirmation links expire; unsubscribe links should not). */
  maxAgeMs?: number;
  /** When given, the token must have been bound to this value. */
  binding?: string;
}

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A short, non-reversible fingerprint of a value a token is bound to. */
export function bindingOf(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 16);
}

export class TokenSigner {
  private readonly keys: Buffer[];

  constructor(secrets: string | readonly string[]) {
    const list = (typeof secrets === 'string' ? [secrets] : [...secrets]).filter((s) => s.length > 0);
    if (!list.length) throw new Error('TokenSigner needs at least one secret');
    for (const s of list) {
      if (Buffer.byteLength(s) < MIN_SECRET_BYTES)
        throw new Error(`token secrets must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    this.keys = list.map((s) => Buffer.from(s, 'utf8'));
  }

  sign(purpose: TokenPurpose, subscriptionId: string, opts: { now?: number; bind?: string } = {}): string {
    if (!PURPOSES.includes(purpose)) throw new Error(`unknown token purpose ${purpose}`);
    const claims: Record<string, unknown> = {
      p: purpose,
      s: subscriptionId,
      t: Math.floor((opts.now ?? Date.now()) / 1000),
    };
    if (opts.bind !== undefined) claims.b = bindingOf(opts.bind);
    const payload = b64u(JSON.stringify(claims));
    return `${payload}.${b64u(this.mac(this.keys[0], payload))}`;
  }

  verify(token: unknown, purpose: TokenPurpose, opts: VerifyOptions = {}): VerifyResult {
    if (typeof token !== 'string' || token.length > TOKEN_MAX_CHARS)
      return { ok: false, reason: 'malformed' };
    const m = /^([A-Za-z0-9_-]{4,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return { ok: false, reason: 'malformed' };
    const [, payload, sig] = m as unknown as [string, string, string];
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== 32 || b64u(given) !== sig) return { ok: false, reason: 'malformed' };
    // Constant-time comparison against every key; no early exit on the first match either.
    let valid = false;
    for (const key of this.keys) valid = timingSafeEqual(this.mac(key, payload), given) || valid;
    if (!valid) return { ok: false, reason: 'bad_signature' };

    let claims: { p?: unknown; s?: unknown; t?: unknown; b?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (
      typeof claims !== 'object' ||
      claims === null ||
      typeof claims.s !== 'string' ||
      typeof claims.t !== 'number' ||
      !Number.isInteger(claims.t)
    ) {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
    const now = opts.now ?? Date.now();
    const issued = claims.t * 1000;
    if (issued > now + 5 * 60_000) return { ok: false, reason: 'not_yet_valid' };
    if (opts.maxAgeMs !== undefined && now - issued > opts.maxAgeMs) return { ok: false, reason: 'expired' };
    const binding = typeof claims.b === 'string' ? claims.b : undefined;
    if (opts.binding !== undefined && binding !== bindingOf(opts.binding))
      return { ok: false, reason: 'binding_mismatch' };
    return {
      ok: true,
      purpose,
      subscriptionId: claims.s,
      issuedAt: new Date(issued),
      ...(binding ? { binding } : {}),
    };
  }

  private mac(key: Buffer, payload: string): Buffer {
    return createHmac('sha256', key).update(`watchfire-link-v1\n${payload}`).digest();
  }
}
