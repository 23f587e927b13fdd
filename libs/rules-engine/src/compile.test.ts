import { describe, expect, it } from 'vitest';
import type { RuleSpec } from '@watchfire/contracts';
import { EventContext } from './context';
import { compileRule } from './compile';
import { issueExample, makeEvent, PLACES } from './testing/fixtures';
import { prng, randomEvent, randomRule, syntheticPlaces } from './testing/random';
import { validateRule } from './validate';

const rule = (when: unknown, extra: Partial<RuleSpec> = {}) => {
  const v = validateRule({ name: 't', severity: 'low', when, ...extra });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return compileRule({ id: 'r', ...v.spec });
};
const run = (r: ReturnType<typeof rule>, e = makeEvent()) => {
  const ctx = new EventContext(e);
  const ex = r.explain(ctx);
  expect(r.test(new EventContext(e))).toBe(ex.matched); // fast path and explanation agree
  return ex;
};

describe('rule evaluation with explanations', () => {
  const example = () => {
    const v = validateRule(issueExample);
    if (!v.ok) throw new Error('invalid');
    return compileRule({ id: 'iran', ...v.spec });
  };

  it('matches the issue example on the reference event and says why', () => {
    const ex = run(
      example(),
      makeEvent({
        evidence: 'The Taliban claim to have seized Islam Qala, the main border crossing with Iran.',
      }),
    );
    expect(ex.matched).toBe(true);
    expect(ex.because).toEqual([
      'when.all.0: type "border_crossing_control_change" in ["border_crossing_control_change"]',
      'when.all.1: location.neighbor "Iran" in ["Iran"]',
      'when.all.2.any.0: status "claimed" in ["claimed", "confirmed"]',
      'when.all.3: confidence 0.8 >= 0.6',
      'when.all.4: evidence contains "border"',
      'when.all.5: report matches /(?i)seiz(ed|ure)/ at "seized"',
    ]);
  });

  it('names the condition that failed', () => {
    expect(run(example(), makeEvent({ place: PLACES.sherKhan })).because).toEqual([
      'when.all.1: location.neighbor "Tajikistan" not in ["Iran"]',
    ]);
    expect(run(example(), makeEvent({ confidence: 0.3 })).because).toEqual([
      'when.all.3: confidence 0.3 < 0.6',
    ]);
    const noStatusNoActor = run(example(), makeEvent({ status: 'reported', actor: 'government forces' }));
    expect(noStatusNoActor.because).toEqual([
      'when.all.2.any.0: status "reported" not in ["claimed", "confirmed"]',
      'when.all.2.any.1.not: actor "government forces" = "government forces"',
    ]);
  });

  it('compares field values without regard to case or diacritics; a missing field fails in/eq and passes exists:false', () => {
    expect(run(rule({ field: 'location.neighbor', eq: 'IRAN' })).matched).toBe(true);
    expect(
      run(
        rule({ field: 'location.name', eq: 'Qala-i-Naw' }),
        makeEvent({ place: { ...PLACES.qalaINaw, name: 'Qalā-i-Naw' } }),
      ).matched,
    ).toBe(true);
    expect(run(rule({ field: 'actor', in: ['taliban'] }), makeEvent({ actor: null })).because).toEqual([
      'when: actor (missing) not in ["taliban"]',
    ]);
    expect(run(rule({ field: 'actor', exists: false }), makeEvent({ actor: null })).matched).toBe(true);
    expect(run(rule({ field: 'actor', exists: true }), makeEvent({ actor: null })).because).toEqual([
      'when: actor (missing) is missing',
    ]);
    expect(run(rule({ field: 'confidence', gte: 0.5, lte: 0.9 })).because).toEqual([
      'when: confidence 0.8 >= 0.5 and <= 0.9',
    ]);
  });

  it('contains matches words and phrases on word boundaries, case-insensitively', () => {
    const e = makeEvent({ evidence: 'Fighters took the Islam-Qala crossing; the borderline post fell.' });
    expect(run(rule({ text: 'evidence', contains: ['border'] }), e).matched).toBe(false);
    expect(run(rule({ text: 'evidence', contains: ['islam qala'] }), e).because).toEqual([
      'when: evidence contains "islam qala"',
    ]);
    expect(run(rule({ text: 'evidence', contains: ['FELL'] }), e).matched).toBe(true);
    expect(run(rule({ text: 'evidence', contains: ['post fell', 'qala crossing'] }), e).matched).toBe(true);
    expect(run(rule({ text: 'evidence', contains: ['fell post'] }), e).because).toEqual([
      'when: evidence contains none of ["fell post"]',
    ]);
  });

  it('reads evidence, report and title texts', () => {
    const e = makeEvent({
      evidence: 'Clashes near the gate.',
      reportText: 'Long article about the siege of the city.',
      title: 'Siege update',
    });
    expect(run(rule({ text: 'evidence', contains: ['siege'] }), e).matched).toBe(false);
    expect(run(rule({ text: 'report', contains: ['siege'] }), e).matched).toBe(true);
    expect(run(rule({ text: 'title', matches: '^Siege' }), e).matched).toBe(true);
  });

  it('scans only the first 64 KiB of a text, and says so', () => {
    const e = makeEvent({ reportText: `${'filler '.repeat(10_000)} seized` });
    const ex = run(rule({ text: 'report', contains: ['seized'] }), e);
    expect(ex.matched).toBe(false);
    expect(ex.because[0]).toMatch(
      /^when: report contains none of \["seized"\] \(scanned the first 65536 of 70007 characters\)$/,
    );
  });

  it('all/any/not combine as expected', () => {
    const r = rule({
      any: [
        {
          all: [
            { field: 'status', eq: 'confirmed' },
            { field: 'actor', eq: 'Taliban' },
          ],
        },
        { not: { field: 'confidence', lte: 0.5 } },
      ],
    });
    expect(run(r, makeEvent({ confidence: 0.4, status: 'confirmed' })).matched).toBe(true);
    expect(run(r, makeEvent({ confidence: 0.4, status: 'claimed' })).matched).toBe(false);
    expect(run(r, makeEvent({ confidence: 0.9, status: 'claimed' })).matched).toBe(true);
  });

  it('the fast path and the explanation agree on random rules and events (seeded)', () => {
    const r = prng(11);
    const places = [...Object.values(PLACES), ...syntheticPlaces(20)];
    let matched = 0;
    for (let i = 0; i < 400; i++) {
      // random conditions nested under any/not, mixed with one-field any/not of their own
      const a = randomRule(r, places, { placed: 0.5, typed: 0.3 }).when;
      const b = randomRule(r, places, { placed: 0.5, typed: 0.3 }).when;
      const x = rule({
        any: [
          { not: a },
          {
            all: [
              b,
              {
                any: [
                  { field: 'actor', exists: false },
                  { not: { field: 'actor', in: ['ISKP', 'Taliban'] } },
                ],
              },
            ],
          },
        ],
      });
      for (let k = 0; k < 5; k++) matched += run(x, randomEvent(r, places, k)).matched ? 1 : 0;
    }
    expect(matched).toBeGreaterThan(200);
    expect(matched).toBeLessThan(1_900);
  });

  it('compiles durations', () => {
    const r = rule(
      { field: 'type', eq: 'provincial_capital_attack' },
      { realert: '30m', groupWindow: '2d', threshold: { count: 2, within: '90s' } },
    );
    expect([r.realertMs, r.groupWindowMs, r.threshold?.withinMs]).toEqual([1_800_000, 172_800_000, 90_000]);
  });
});
