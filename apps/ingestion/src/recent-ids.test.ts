import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';

describe('RecentIds', () => {
  it('keeps the newest ids up to its bound and forgets the oldest first', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'a', 'd']) ids.add(id);
    expect(['a', 'b', 'c', 'd'].map((x) => ids.has(x))).toEqual([false, true, true, true]);
    expect([ids.size, ids.evicted]).toEqual([3, 1]);
  });

  it('stays bounded under a long stream', () => {
    const ids = new RecentIds(1_000);
    for (let i = 0; i < 100_000; i++) ids.add(`r-${i}`);
    expect(ids.size).toBe(1_000);
    expect(ids.has('r-98999')).toBe(false);
    expect(ids.has('r-99000')).toBe(true);
    expect(ids.evicted).toBe(99_000);
  });
});
