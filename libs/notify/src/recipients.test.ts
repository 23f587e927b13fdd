import { describe, expect, it } from 'vitest';
import type { SubscriptionRecord } from '@watchfire/contracts';
import { filterKey, onePerAddress, sameSubscription } from './recipients';

const sub = (id: string, over: Partial<SubscriptionRecord> = {}) =>
  ({
    id,
    email: 'analyst@example.org',
    delivery: 'immediate',
    createdAt: `2026-12-0${id.slice(-1)}T00:00:00.000Z`,
    ...over,
  }) as Pick<SubscriptionRecord, 'id' | 'email' | 'filter' | 'delivery' | 'createdAt'>;

describe('one e-mail per address', () => {
  it('treats filters that differ only in order, case or spacing as the same', () => {
    expect(filterKey({ countries: ['Afghanistan', 'iran'] })).toBe(
      filterKey({ countries: [' IRAN', 'afghanistan'] }),
    );
    expect(filterKey(undefined)).toBe(filterKey({}));
    expect(filterKey({ countries: ['Iran'] })).not.toBe(filterKey({ countries: ['Iraq'] }));
  });

  it('knows the same subscription by address (any case), filter and delivery', () => {
    expect(sameSubscription(sub('s1'), { email: 'Analyst@Example.org', delivery: 'immediate' })).toBe(true);
    expect(sameSubscription(sub('s1'), { email: 'analyst@example.org', delivery: 'daily' })).toBe(false);
    expect(sameSubscription(sub('s1'), { email: 'other@example.org', delivery: 'immediate' })).toBe(false);
  });

  it('keeps one subscription per address: immediate before digest, then the oldest', () => {
    const picked = onePerAddress([
      sub('s3', { delivery: 'daily' }),
      sub('s2', { email: 'ANALYST@example.org' }),
      sub('s1'),
      sub('s4', { email: 'other@example.org', delivery: 'hourly' }),
      sub('s5', { email: 'other@example.org', delivery: 'daily' }),
    ]);
    expect(picked.map((s) => s.id).sort()).toEqual(['s1', 's4']);
  });
});
