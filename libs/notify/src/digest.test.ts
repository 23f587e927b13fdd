import { describe, expect, it } from 'vitest';
import { DigestSchema } from '@watchfire/contracts';
import {
  assembleDigests,
  digestEntryFor,
  digestEntryKey,
  digestId,
  digestPeriodFor,
  isDigestDue,
  DIGEST_MAX_ALERTS,
} from './digest';
import { sampleAlert } from './testing/fixtures';
import { formatInstant, isValidTimeZone, zonedTimeToUtc } from './time';

const at = (iso: string) => Date.parse(iso);

describe('digest periods in the subscriber’s zone', () => {
  it('hourly in UTC and in a half-hour zone', () => {
    expect(digestPeriodFor('hourly', at('2021-07-09T10:15:42.123Z'))).toMatchObject({
      start: '2021-07-09T10:00:00.000Z',
      end: '2021-07-09T11:00:00.000Z',
      zone: 'UTC',
    });
    // Kabul is UTC+4:30: local hours start at :30 UTC.
    expect(digestPeriodFor('hourly', at('2021-07-09T10:15:00Z'), 'Asia/Kabul')).toMatchObject({
      start: '2021-07-09T09:30:00.000Z',
      end: '2021-07-09T10:30:00.000Z',
    });
    expect(digestPeriodFor('hourly', at('2021-07-09T10:30:00Z'), 'Asia/Kabul').start).toBe(
      '2021-07-09T10:30:00.000Z',
    );
    // Kathmandu, UTC+5:45.
    expect(digestPeriodFor('hourly', at('2021-07-09T10:15:00Z'), 'Asia/Kathmandu').start).toBe(
      '2021-07-09T10:15:00.000Z',
    );
  });

  it('daily from local midnight to local midnight', () => {
    expect(digestPeriodFor('daily', at('2021-07-09T10:15:00Z'), 'Asia/Kabul')).toMatchObject({
      start: '2021-07-08T19:30:00.000Z',
      end: '2021-07-09T19:30:00.000Z',
    });
    expect(digestPeriodFor('daily', at('2021-07-09T20:00:00Z'), 'Asia/Kabul').start).toBe(
      '2021-07-09T19:30:00.000Z',
    );
    expect(digestPeriodFor('daily', at('2021-07-09T03:00:00Z'), 'America/New_York')).toMatchObject({
      start: '2021-07-08T04:00:00.000Z',
      end: '2021-07-09T04:00:00.000Z',
    });
  });

  it('DST days are 23 or 25 hours long; every instant falls in its period', () => {
    const spring = digestPeriodFor('daily', at('2021-03-14T12:00:00Z'), 'America/New_York');
    expect(spring.endMs - spring.startMs).toBe(23 * 3_600_000);
    const autumn = digestPeriodFor('daily', at('2021-11-07T12:00:00Z'), 'America/New_York');
    expect(autumn.endMs - autumn.startMs).toBe(25 * 3_600_000);
    for (const zone of [
      'UTC',
      'Asia/Kabul',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'America/Havana',
      'Asia/Tehran',
    ]) {
      for (
        let t = at('2021-01-01T00:00:00Z');
        t < at('2022-01-01T00:00:00Z');
        t += 7 * 3_600_000 + 13 * 60_000
      ) {
        for (const kind of ['hourly', 'daily'] as const) {
          const p = digestPeriodFor(kind, t, zone);
          expect(p.startMs <= t && t < p.endMs, `${zone} ${kind} ${new Date(t).toISOString()}`).toBe(true);
          // The same period for every instant within it: the key is stable.
          expect(digestPeriodFor(kind, p.startMs, zone).start).toBe(p.start);
        }
      }
    }
  });

  it('a local midnight that does not exist starts at the transition', () => {
    // Havana springs forward at 00:00 -> 01:00 (2021-03-14).
    expect(new Date(zonedTimeToUtc(2021, 3, 14, 0, 0, 'America/Havana')).toISOString()).toBe(
      '2021-03-14T05:00:00.000Z',
    );
  });

  it('invalid zones fall back to UTC', () => {
    expect(isValidTimeZone('Asia/Kabul')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(digestPeriodFor('daily', at('2021-07-09T10:00:00Z'), 'Mars/Olympus').zone).toBe('UTC');
    expect(formatInstant('2021-07-09T10:15:00Z', 'nope')).toEqual({ utc: 'Fri, 9 Jul 2021, 10:15 UTC' });
  });

  it('is due when the period has ended', () => {
    const p = digestPeriodFor('hourly', at('2021-07-09T10:15:00Z'));
    expect(isDigestDue({ periodEnd: p.end }, at('2021-07-09T10:59:59Z'))).toBe(false);
    expect(isDigestDue({ periodEnd: p.end }, at('2021-07-09T11:00:00Z'))).toBe(true);
    expect(isDigestDue({ periodEnd: p.end }, at('2021-07-09T11:00:00Z'), 5_000)).toBe(false);
  });
});

describe('digest entries', () => {
  const p = digestPeriodFor('daily', at('2021-07-09T10:15:00Z'), 'Asia/Kabul');
  const now = at('2021-07-09T10:16:00Z');

  it('one entry per alert; a later revision replaces it; a redelivery rewrites nothing', () => {
    const e1 = digestEntryFor(undefined, sampleAlert({ id: 'a1' }), { id: 's1' }, p, now)!;
    expect(e1).toMatchObject({
      id: digestEntryKey('s1', p.start, 'a1'),
      subscriptionId: 's1',
      period: 'daily',
      periodStart: p.start,
      periodEnd: p.end,
      alertId: 'a1',
      revision: 1,
    });
    expect(DigestSchema.parse(e1)).toEqual(e1);
    expect(digestEntryFor(e1, sampleAlert({ id: 'a1' }), { id: 's1' }, p, now)).toBeNull();
    const e2 = digestEntryFor(
      e1,
      sampleAlert({ id: 'a1', revision: 2, kind: 'update' }),
      { id: 's1' },
      p,
      now,
    )!;
    expect(e2.revision).toBe(2);
    expect(e2.id).toBe(e1.id);
    expect(digestEntryFor(e2, sampleAlert({ id: 'a1' }), { id: 's1' }, p, now)).toBeNull();
  });

  it('keeps the digest entries small', () => {
    const sources = Array.from({ length: 100 }, (_, i) => ({
      reportId: `r${i}`,
      source: 'S',
      url: `https://example.org/${i}`,
    }));
    const e = digestEntryFor(
      undefined,
      sampleAlert({ corroboration: { count: 100, sources } }),
      { id: 's1' },
      p,
      now,
    )!;
    expect(e.alert.corroboration.sources.length).toBe(5);
    expect(e.alert.corroboration.count).toBe(100);
  });

  it('assembles one digest per subscriber and period, most severe first, bounded', () => {
    const q = digestPeriodFor('daily', at('2021-07-10T10:15:00Z'), 'Asia/Kabul');
    const entries = [
      digestEntryFor(undefined, sampleAlert({ id: 'a1', severity: 'low' }), { id: 's1' }, p, now)!,
      digestEntryFor(undefined, sampleAlert({ id: 'a2', severity: 'critical' }), { id: 's1' }, p, now)!,
      digestEntryFor(undefined, sampleAlert({ id: 'a3' }), { id: 's2' }, p, now)!,
      digestEntryFor(undefined, sampleAlert({ id: 'a4' }), { id: 's1' }, q, now)!,
    ];
    const ds = assembleDigests(entries);
    expect(ds.map((d) => [d.id, d.entries.map((e) => e.alertId)])).toEqual([
      [digestId('s1', p.start), ['a2', 'a1']],
      [digestId('s2', p.start), ['a3']],
      [digestId('s1', q.start), ['a4']],
    ]);
    const many = Array.from({ length: DIGEST_MAX_ALERTS + 3 }, (_, i) =>
      digestEntryFor(undefined, sampleAlert({ id: `x${i}` }), { id: 's1' }, p, now)!,
    );
    const [big] = assembleDigests(many);
    expect(big.entries.length).toBe(DIGEST_MAX_ALERTS);
    expect(big.dropped).toBe(3);
    expect(big.all.length).toBe(DIGEST_MAX_ALERTS + 3);
  });
});
