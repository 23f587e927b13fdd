import { describe, expect, it } from 'vitest';
import { AlertView, InvalidCursorError } from './alert-view';
import { sampleAlert } from './testing/fixtures';

const at = (minute: number) => `2021-07-09T10:${String(minute).padStart(2, '0')}:00Z`;

describe('AlertView', () => {
  it('keeps every revision once, the highest on top, whatever order they arrive in', () => {
    const v = new AlertView();
    const r1 = sampleAlert({ createdAt: at(1) });
    const r2 = sampleAlert({ revision: 2, kind: 'update', status: 'confirmed', createdAt: at(5) });
    expect(v.apply(r2)).toBe('new');
    expect(v.apply(r1)).toBe('stale');
    expect(v.apply(r2)).toBe('stale');
    expect(v.latest(r1.id)?.status).toBe('confirmed');
    expect(v.revisions(r1.id)?.map((r) => r.revision)).toEqual([1, 2]);
  });

  it('filters by type, status, severity, place, country and time, and pages with a cursor', () => {
    const v = new AlertView();
    for (let i = 0; i < 7; i++)
      v.apply(
        sampleAlert({
          id: `a${i}`,
          createdAt: at(i),
          lastSeenAt: at(i),
          firstSeenAt: at(i),
          status: i % 2 ? 'claimed' : 'reported',
          severity: i < 3 ? 'low' : 'critical',
        }),
      );
    v.apply(
      sampleAlert({
        id: 'tor',
        createdAt: at(30),
        type: 'border_crossing_control_change',
        location: {
          id: 'af-torkham',
          name: 'Torkham',
          kind: 'border_crossing',
          province: 'Nangarhar',
          country: 'Afghanistan',
        },
      }),
    );
    expect(v.query({ limit: 10, status: ['claimed'] }).alerts.map((a) => a.id)).toEqual(['a5', 'a3', 'a1']);
    expect(v.query({ limit: 10, minSeverity: 'high' }).alerts.map((a) => a.id)).toEqual([
      'tor',
      'a6',
      'a5',
      'a4',
      'a3',
    ]);
    expect(v.query({ limit: 10, severity: ['low'] }).alerts).toHaveLength(3);
    expect(v.query({ limit: 10, place: 'TORKHAM' }).alerts.map((a) => a.id)).toEqual(['tor']);
    expect(v.query({ limit: 10, place: 'qala i naw' }).alerts).toHaveLength(7);
    expect(v.query({ limit: 10, country: 'Iran' }).alerts).toHaveLength(0);
    expect(v.query({ limit: 10, type: ['border_crossing_control_change'] }).alerts).toHaveLength(1);
    expect(v.query({ limit: 10, since: at(2), until: at(4) }).alerts.map((a) => a.id)).toEqual([
      'a4',
      'a3',
      'a2',
    ]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = v.query({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.alerts.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['tor', 'a6', 'a5', 'a4', 'a3', 'a2', 'a1', 'a0']);
    expect(() => v.query({ limit: 3, cursor: 'bm9wZQ' })).toThrow(InvalidCursorError);
  });

  it('a new revision moves the alert to the top; past its bound the least recently updated goes', () => {
    const v = new AlertView(2);
    v.apply(sampleAlert({ id: 'x', createdAt: at(1) }));
    v.apply(sampleAlert({ id: 'y', createdAt: at(2) }));
    v.apply(sampleAlert({ id: 'x', revision: 2, kind: 'update', createdAt: at(3) }));
    expect(v.query({ limit: 5 }).alerts.map((a) => a.id)).toEqual(['x', 'y']);
    v.apply(sampleAlert({ id: 'z', createdAt: at(4) }));
    expect(v.query({ limit: 5 }).alerts.map((a) => a.id)).toEqual(['z', 'x']);
  });
});
