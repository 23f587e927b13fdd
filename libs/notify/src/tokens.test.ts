import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenSigner } from './tokens';

const secret = 'a-long-enough-test-secret';
const signer = new TokenSigner(secret);
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('TokenSigner', () => {
  it('round-trips and is URL-safe', () => {
    const t = signer.sign('unsubscribe', 'sub.1:x', { now: T0 });
    expect(t).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const r = signer.verify(t, 'unsubscribe', { now: T0 + 1_000 });
    expect(r).toMatchObject({ ok: true, purpose: 'unsubscribe', subscriptionId: 'sub.1:x' });
    if (r.ok) expect(r.issuedAt.getTime()).toBe(T0);
  });

  it('is purpose-bound', () => {
    const t = signer.sign('confirm', 's1', { now: T0 });
    expect(signer.verify(t, 'unsubscribe', { now: T0 })).toEqual({ ok: false, reason: 'wrong_purpose' });
    expect(signer.verify(t, 'confirm', { now: T0 }).ok).toBe(true);
  });

  it('refuses forged and tampered tokens', () => {
    const t = signer.sign('unsubscribe', 's1', { now: T0 });
    const [payload, sig] = t.split('.') as [string, string];
    const forged = new TokenSigner('another-secret-of-length').sign('unsubscribe', 's1', { now: T0 });
    expect(signer.verify(forged, 'unsubscribe')).toEqual({ ok: false, reason: 'bad_signature' });
    // Another subscription id under the original signature.
    const other = Buffer.from(JSON.stringify({ p: 'unsubscribe', s: 's2', t: T0 / 1000 })).toString(
      'base64url',
    );
    expect(signer.verify(`${other}.${sig}`, 'unsubscribe')).toEqual({ ok: false, reason: 'bad_signature' });
    // One flipped character anywhere.
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '.') continue;
      const c = t[i] === 'A' ? 'B' : 'A';
      const bad = t.slice(0, i) + c + t.slice(i + 1);
      expect(signer.verify(bad, 'unsubscribe', { now: T0 }).ok, `position ${i}`).toBe(false);
    }
    for (const junk of [
      '',
      '.',
      'a.b',
      `${payload}.`,
      `${payload}.${sig}.x`,
      `${payload}.${sig}=`,
      'x'.repeat(10_000),
      null,
      42,
      { token: t },
    ]) {
      expect(signer.verify(junk, 'unsubscribe').ok).toBe(false);
    }
  });

  it('refuses a validly signed payload that is not a claim set', () => {
    const payload = Buffer.from('[1,2]').toString('base64url');
    const sig = createHmac('sha256', secret).update(`watchfire-link-v1\n${payload}`).digest('base64url');
    expect(signer.verify(`${payload}.${sig}`, 'unsubscribe')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('expires when asked to, and refuses tokens from the future', () => {
    const t = signer.sign('confirm', 's1', { now: T0 });
    const day = 86_400_000;
    expect(signer.verify(t, 'confirm', { now: T0 + 2 * day, maxAgeMs: 7 * day }).ok).toBe(true);
    expect(signer.verify(t, 'confirm', { now: T0 + 8 * day, maxAgeMs: 7 * day })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(signer.verify(t, 'confirm', { now: T0 - 3_600_000 })).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  it('binds to a value such as the e-mail address', () => {
    const t = signer.sign('confirm', 's1', { now: T0, bind: 'a@example.org' });
    expect(signer.verify(t, 'confirm', { now: T0, binding: 'a@example.org' }).ok).toBe(true);
    expect(signer.verify(t, 'confirm', { now: T0, binding: 'b@example.org' })).toEqual({
      ok: false,
      reason: 'binding_mismatch',
    });
    const unbound = signer.sign('confirm', 's1', { now: T0 });
    expect(signer.verify(unbound, 'confirm', { now: T0, binding: 'a@example.org' })).toEqual({
      ok: false,
      reason: 'binding_mismatch',
    });
  });

  it('rotates keys: the first signs, all verify', () => {
    const old = new TokenSigner('old-secret-0123456789');
    const t = old.sign('unsubscribe', 's1', { now: T0 });
    const rotated = new TokenSigner(['new-secret-0123456789', 'old-secret-0123456789']);
    expect(rotated.verify(t, 'unsubscribe', { now: T0 }).ok).toBe(true);
    expect(old.verify(rotated.sign('unsubscribe', 's1', { now: T0 }), 'unsubscribe', { now: T0 }).ok).toBe(
      false,
    );
  });

  it('refuses weak secrets', () => {
    expect(() => new TokenSigner('short')).toThrow();
    expect(() => new TokenSigner([])).toThrow();
  });
});
