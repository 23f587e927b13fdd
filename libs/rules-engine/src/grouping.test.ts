import { describe, expect, it } from 'vitest';
import type { AlertGroupState, RuleSpec, WatchfireEvent } from '@watchfire/contracts';
import {
  AlertGroupSchema as AlertGroupStateSchema,
  AlertSchema,
  RuleThresholdStateSchema,
} from '@watchfire/contracts';
import { compileRule, type CompiledRule } from './compile';
import {
  alertIdFor,
  isGroupExpired,
  mergeStatus,
  reduceEvent,
  reduceRuleThreshold,
  type ReduceResult,
} from './grouping';
import { makeEvent, PLACES } from './testing/fixtures';

const H = 3_600_000;
const T0 = Date.parse('2021-07-09T06:00:00Z');
const at = (h: number) => T0 + h * H;

const rule = (id: string, extra: Partial<RuleSpec> = {}): CompiledRule =>
  compileRule({
    id,
    name: `rule ${id}`,
    enabled: true,
    severity: 'high',
    when: { field: 'type', in: ['border_crossing_control_change'] },
    ...extra,
  });

/** Feeds events through the reducer like the service does, checking every state and alert against the wire schemas. */
function run(steps: [WatchfireEvent, CompiledRule[], number][], initial?: AlertGroupState) {
  let state = initial;
  const results: ReduceResult[] = [];
  for (const [e, rules, now] of steps) {
    const r = reduceEvent(state, e, rules, now);
    if (r.state) AlertGroupStateSchema.parse(r.state);
    if (r.alert) AlertSchema.parse(r.alert);
    results.push(r);
    state = r.state;
  }
  return {
    state,
    results,
    alerts: results.flatMap((r) => (r.alert ? [r.alert] : [])),
    outcomes: results.map((r) => r.outcome),
  };
}

describe('grouping reducer', () => {
  const A = rule('a');

  it('several reports of one event make one alert with a corroboration count and sources', () => {
    const { alerts, outcomes, state } = run([
      [makeEvent({ reportId: 'r1', source: 'wire' }), [A], at(0)],
      [makeEvent({ reportId: 'r2', source: 'tolo' }), [A], at(1)],
      [makeEvent({ reportId: 'r3', source: 'bbc' }), [A], at(5)],
    ]);
    expect(outcomes).toEqual(['new', 'recorded', 'recorded']);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'new',
      revision: 1,
      changes: [],
      status: 'claimed',
      actor: 'Taliban',
      severity: 'high',
      rules: [{ id: 'a', name: 'rule a', severity: 'high' }],
    });
    expect(alerts[0].id).toBe(
      alertIdFor('border_crossing_control_change|af-islam-qala', new Date(at(0)).toISOString()),
    );
    expect(alerts[0].event).not.toHaveProperty('reportText');
    expect(state!.corroboration).toBe(3);
    expect(state!.sources.map((s) => s.source)).toEqual(['wire', 'tolo', 'bbc']);
  });

  it('a status upgrade is an update carrying the corroboration so far; a later "reported" does not downgrade', () => {
    const { alerts, outcomes } = run([
      [makeEvent({ reportId: 'r1', status: 'claimed' }), [A], at(0)],
      [makeEvent({ reportId: 'r2', status: 'claimed' }), [A], at(1)],
      [makeEvent({ reportId: 'r3', status: 'confirmed' }), [A], at(2)],
      [makeEvent({ reportId: 'r4', status: 'reported' }), [A], at(3)],
    ]);
    expect(outcomes).toEqual(['new', 'recorded', 'update', 'recorded']);
    expect(alerts[1]).toMatchObject({
      kind: 'update',
      revision: 2,
      status: 'confirmed',
      changes: ['status: claimed -> confirmed'],
      corroboration: { count: 3 },
    });
    expect(alerts[1].id).toBe(alerts[0].id);
  });

  it('a denial is a change even when no rule matches it (default rules exclude denials)', () => {
    const { alerts, outcomes } = run([
      [makeEvent({ reportId: 'r1', status: 'claimed' }), [A], at(0)],
      [makeEvent({ reportId: 'r2', status: 'denied', actor: 'Taliban' }), [], at(1)],
      [makeEvent({ reportId: 'r3', status: 'claimed' }), [A], at(2)],
    ]);
    expect(outcomes).toEqual(['new', 'update', 'update']);
    expect(alerts[1]).toMatchObject({
      status: 'denied',
      changes: ['status: claimed -> denied'],
      rules: [{ id: 'a' }],
    });
    expect(alerts[2]).toMatchObject({
      status: 'claimed',
      changes: ['status: denied -> claimed'],
      revision: 3,
    });
  });

  it('an event that matches no rule opens no group', () => {
    expect(run([[makeEvent({ status: 'denied' }), [], at(0)]]).outcomes).toEqual(['ignored']);
    expect(run([[makeEvent({ status: 'denied' }), [], at(0)]]).state).toBeUndefined();
  });

  it('a change of actor is an update', () => {
    const { alerts } = run([
      [makeEvent({ reportId: 'r1', actor: 'Taliban' }), [A], at(0)],
      [makeEvent({ reportId: 'r2', actor: 'taliban' }), [A], at(1)],
      [makeEvent({ reportId: 'r3', actor: 'government forces' }), [A], at(2)],
    ]);
    expect(alerts.map((a) => a.changes)).toEqual([[], ['actor: Taliban -> government forces']]);
  });

  it('processing the same report twice changes nothing', () => {
    const first = run([
      [makeEvent({ reportId: 'r1' }), [A], at(0)],
      [makeEvent({ reportId: 'r2', status: 'confirmed' }), [A], at(1)],
    ]);
    const again = reduceEvent(first.state, makeEvent({ reportId: 'r2', status: 'confirmed' }), [A], at(1.5));
    expect(again).toEqual({ state: first.state, changed: false, outcome: 'duplicate' });
    const r1 = reduceEvent(first.state, makeEvent({ reportId: 'r1', status: 'denied' }), [A], at(2));
    expect(r1.outcome).toBe('duplicate');
  });

  it('after the group window a new report opens a new alert; groupWindow is per rule (largest wins)', () => {
    const { alerts } = run([
      [makeEvent({ reportId: 'r1' }), [A], at(0)],
      [makeEvent({ reportId: 'r2' }), [A], at(71)],
      [makeEvent({ reportId: 'r3' }), [A], at(72)],
    ]);
    expect(alerts.map((a) => a.kind)).toEqual(['new', 'new']);
    expect(alerts[0].id).not.toBe(alerts[1].id);
    expect(alerts[1].corroboration.count).toBe(1);
    const long = rule('long', { groupWindow: '7d' });
    expect(
      run([
        [makeEvent({ reportId: 'r1' }), [A, long], at(0)],
        [makeEvent({ reportId: 'r2' }), [A], at(100)],
      ]).alerts,
    ).toHaveLength(1);
  });

  it('different places and types are different groups', () => {
    const a = reduceEvent(undefined, makeEvent({ place: PLACES.islamQala }), [A], at(0));
    const b = reduceEvent(undefined, makeEvent({ place: PLACES.sherKhan }), [A], at(0));
    expect(a.alert!.id).not.toBe(b.alert!.id);
    expect(() => reduceEvent(a.state, makeEvent({ place: PLACES.sherKhan }), [A], at(1))).toThrow(
      /state for/,
    );
  });

  it('severity is the highest of the rules that fired; a higher one later is an update', () => {
    const low = rule('low', { severity: 'low' });
    const crit = rule('crit', { severity: 'critical', when: { field: 'status', eq: 'confirmed' } });
    const { alerts } = run([
      [makeEvent({ reportId: 'r1' }), [low], at(0)],
      [makeEvent({ reportId: 'r2', status: 'confirmed' }), [low, crit], at(1)],
    ]);
    expect(alerts[0].severity).toBe('low');
    expect(alerts[1]).toMatchObject({
      severity: 'critical',
      changes: ['status: claimed -> confirmed', 'severity: low -> critical'],
    });
    expect(alerts[1].rules.map((r) => r.id)).toEqual(['crit', 'low']);
  });

  it('realert holds changes back and sends them with the next alert', () => {
    const R = rule('r', { realert: '6h' });
    const { outcomes, alerts } = run([
      [makeEvent({ reportId: 'r1', status: 'claimed' }), [R], at(0)],
      [makeEvent({ reportId: 'r2', status: 'confirmed' }), [R], at(1)],
      [makeEvent({ reportId: 'r3', actor: 'government forces' }), [R], at(2)],
      [makeEvent({ reportId: 'r4', actor: 'government forces' }), [R], at(7)],
    ]);
    expect(outcomes).toEqual(['new', 'throttled', 'throttled', 'update']);
    expect(alerts[1].changes).toEqual([
      'status: claimed -> confirmed',
      'actor: Taliban -> government forces',
    ]);
    // a rule without realert in the alert is not held back
    const { outcomes: o2 } = run([
      [makeEvent({ reportId: 'r1' }), [R, A], at(0)],
      [makeEvent({ reportId: 'r2', status: 'confirmed' }), [R, A], at(1)],
    ]);
    expect(o2).toEqual(['new', 'update']);
  });

  it('realert also spans group windows', () => {
    const R = rule('r', { realert: '4d' });
    const { outcomes, state } = run([
      [makeEvent({ reportId: 'r1' }), [R], at(0)],
      [makeEvent({ reportId: 'r2' }), [R], at(80)],
      [makeEvent({ reportId: 'r3' }), [R], at(97)],
    ]);
    expect(outcomes).toEqual(['new', 'throttled', 'new']);
    expect(isGroupExpired(state!, at(97 + 72))).toBe(false);
    expect(isGroupExpired(state!, at(97 + 97))).toBe(true);
  });

  it('a threshold fires once when reached within its window, counting distinct values when asked', () => {
    const T = rule('t', { threshold: { count: 3, within: '24h' } });
    const { outcomes, alerts } = run([
      [makeEvent({ reportId: 'r1' }), [T], at(0)],
      [makeEvent({ reportId: 'r2' }), [T], at(1)],
      [makeEvent({ reportId: 'r2' }), [T], at(1.5)],
      [makeEvent({ reportId: 'r3' }), [T], at(2)],
      [makeEvent({ reportId: 'r4' }), [T], at(3)],
    ]);
    expect(outcomes).toEqual(['pending', 'pending', 'duplicate', 'new', 'recorded']);
    expect(alerts[0].corroboration.count).toBe(3);

    const slow = run([
      [makeEvent({ reportId: 'r1' }), [T], at(0)],
      [makeEvent({ reportId: 'r2' }), [T], at(20)],
      [makeEvent({ reportId: 'r3' }), [T], at(30)],
    ]);
    expect(slow.outcomes).toEqual(['pending', 'pending', 'pending']); // r1 fell out of the 24h window

    const D = rule('d', { threshold: { count: 2, within: '24h', distinct: 'report.source' } });
    const d = run([
      [makeEvent({ reportId: 'r1', source: 'wire' }), [D], at(0)],
      [makeEvent({ reportId: 'r2', source: 'Wire' }), [D], at(1)],
      [makeEvent({ reportId: 'r3', source: 'bbc' }), [D], at(2)],
    ]);
    expect(d.outcomes).toEqual(['pending', 'pending', 'new']);
  });

  it('a plain rule alerts at once while a threshold rule in the same group waits, then joins the alert', () => {
    const T = rule('t', { severity: 'critical', threshold: { count: 2, within: '24h' } });
    const low = rule('low', { severity: 'low' });
    const { outcomes, alerts } = run([
      [makeEvent({ reportId: 'r1' }), [low, T], at(0)],
      [makeEvent({ reportId: 'r2' }), [low, T], at(1)],
    ]);
    expect(outcomes).toEqual(['new', 'update']);
    expect(alerts[1]).toMatchObject({ severity: 'critical', changes: ['severity: low -> critical'] });
  });

  it('rule-scoped thresholds count across groups and partitions, and fire once per window', () => {
    const T = rule('t', { threshold: { count: 3, within: '24h', distinct: 'location.id' } });
    const t = { ...T, threshold: T.threshold! };
    const a = reduceRuleThreshold(
      undefined,
      makeEvent({ reportId: 'r1', place: PLACES.islamQala }),
      t,
      0,
      at(0),
    );
    const b = reduceRuleThreshold(
      a.state,
      makeEvent({ reportId: 'r2', place: PLACES.islamQala }),
      t,
      0,
      at(1),
    );
    // another partition has seen Sher Khan Bandar
    const other = reduceRuleThreshold(
      undefined,
      makeEvent({ reportId: 'r3', place: PLACES.sherKhan }),
      t,
      1,
      at(1.5),
    ).state;
    const c = reduceRuleThreshold(
      b.state,
      makeEvent({ reportId: 'r4', place: PLACES.kandahar }),
      t,
      0,
      at(2),
      [other],
    );
    const dup = reduceRuleThreshold(
      c.state,
      makeEvent({ reportId: 'r4', place: PLACES.kandahar }),
      t,
      0,
      at(2),
    );
    const again = reduceRuleThreshold(
      undefined,
      makeEvent({ reportId: 'r5', place: PLACES.qalaINaw }),
      t,
      1,
      at(3),
      [c.state],
    );
    expect([a.reached, b.reached, c.reached, dup.duplicate, dup.reached, again.reached]).toEqual([
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(
      reduceRuleThreshold(c.state, makeEvent({ reportId: 'r2', place: PLACES.islamQala }), t, 0, at(2.5)),
    ).toMatchObject({ duplicate: true, reached: false });
    expect(c.state.key).toBe('threshold|t|p0');
    RuleThresholdStateSchema.parse(c.state);
    // without the other partition's count it is not reached
    expect(
      reduceRuleThreshold(b.state, makeEvent({ reportId: 'r4', place: PLACES.kandahar }), t, 0, at(2))
        .reached,
    ).toBe(false);
  });

  it('status certainty only goes up; denial always counts', () => {
    expect(mergeStatus('claimed', 'reported')).toBe('reported');
    expect(mergeStatus('confirmed', 'reported')).toBe('confirmed');
    expect(mergeStatus('confirmed', 'claimed')).toBe('confirmed');
    expect(mergeStatus('confirmed', 'denied')).toBe('denied');
    expect(mergeStatus('denied', 'reported')).toBe('reported');
  });

  it('keeps state bounded', () => {
    let state: AlertGroupState | undefined;
    for (let i = 0; i < 700; i++)
      state = reduceEvent(state, makeEvent({ reportId: `r${i}` }), [A], at(i / 100)).state;
    expect(state!.reportIds).toHaveLength(500);
    expect(state!.sources).toHaveLength(100);
    expect(state!.corroboration).toBe(700);
    AlertGroupStateSchema.parse(state);
  });
});
