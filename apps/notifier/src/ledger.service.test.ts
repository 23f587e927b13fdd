import { describe, expect, it } from 'vitest';
import type { Delivery } from '@watchfire/contracts';
import { expiredDeliveries } from './ledger.service';

describe('ledger retention', () => {
  it('selects the records last written before now minus the retention', () => {
    const at = (iso: string) => ({ at: iso }) as Delivery;
    const records: [string, Delivery][] = [
      ['old', at('2026-01-01T00:00:00Z')],
      ['edge', at('2026-03-01T00:00:00Z')],
      ['new', at('2026-05-01T00:00:00Z')],
    ];
    const now = Date.parse('2026-05-30T00:00:00Z');
    expect(expiredDeliveries(records, now, 90 * 86_400_000)).toEqual(['old']);
    expect(expiredDeliveries(records, now, 1 * 86_400_000)).toEqual(['old', 'edge', 'new']);
  });
});
