import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './token-bucket';

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refills at the given rate', () => {
    const l = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 1 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => l.take('a', t).allowed)).toEqual([true, true, true]);
    const refused = l.take('a', t);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(1_000);
    expect(l.take('a', t + 999).allowed).toBe(false);
    expect(l.take('a', t + 1_000).allowed).toBe(true);
    expect(l.take('b', t).allowed).toBe(true); // per key
    expect(l.peek('a', t + 100_000)).toBe(3); // never above capacity
  });

  it('handles fractional rates and clocks that go backwards', () => {
    const l = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1 / 60 });
    expect(l.take('a', 0).allowed).toBe(true);
    expect(l.waitMs('a', 0)).toBe(60_000);
    expect(l.take('a', -5_000).allowed).toBe(false);
    expect(l.take('a', 60_000).allowed).toBe(true);
    expect(l.take('a', 60_000, 2).retryAfterMs).toBe(Infinity);
  });

  it('bounds memory', () => {
    const l = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) l.take(`k${i}`, i);
    expect(l.size).toBeLessThanOrEqual(100);
  });
});
