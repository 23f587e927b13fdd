import { describe, expect, it } from 'vitest';
import type { SilenceRecord } from '@watchfire/contracts';
import { compileRule } from './compile';
import { reduceEvent } from './grouping';
import { applySilences, isSilenced, silencesFor } from './silences';
import { makeEvent } from './testing/fixtures';

const alert = reduceEvent(
  undefined,
  makeEvent(),
  [
    compileRule({
      id: 'default-border-crossing',
      name: 'b',
      enabled: true,
      severity: 'high',
      when: { field: 'confidence', gte: 0 },
    }),
  ],
  '2021-07-09T06:00:00Z',
).alert!;
const silence = (
  matchers: SilenceRecord['matchers'],
  startsAt = '2021-07-09T00:00:00Z',
  endsAt = '2021-07-10T00:00:00Z',
  id = 's1',
): SilenceRecord => ({ id, matchers, startsAt, endsAt, createdAt: startsAt, createdBy: 'ops' });

describe('silences', () => {
  it('mute an alert when every matcher holds, within their time box', () => {
    const s = silence([
      { field: 'location.neighbor', eq: 'iran' },
      { field: 'severity', in: ['high', 'critical'] },
    ]);
    expect(isSilenced(alert, [s], '2021-07-09T06:00:00Z')).toBe(true);
    expect(isSilenced(alert, [s], '2021-07-08T23:59:59Z')).toBe(false);
    expect(isSilenced(alert, [s], '2021-07-10T00:00:00Z')).toBe(false);
  });

  it('do not mute when one matcher fails', () => {
    expect(
      isSilenced(
        alert,
        [
          silence([
            { field: 'location.neighbor', eq: 'iran' },
            { field: 'severity', eq: 'critical' },
          ]),
        ],
        '2021-07-09T06:00:00Z',
      ),
    ).toBe(false);
    expect(
      isSilenced(alert, [silence([{ field: 'actor', eq: 'government forces' }])], '2021-07-09T06:00:00Z'),
    ).toBe(false);
  });

  it('match rule ids, report source and event fields', () => {
    const now = '2021-07-09T06:00:00Z';
    expect(
      silencesFor(
        alert,
        [
          silence([{ field: 'ruleId', eq: 'default-border-crossing' }], undefined, undefined, 'x'),
          silence([{ field: 'report.source', eq: 'WIRE' }], undefined, undefined, 'y'),
        ],
        now,
      ),
    ).toEqual(['x', 'y']);
  });

  it('record the alert as silenced with the silence ids', () => {
    const muted = applySilences(
      alert,
      [silence([{ field: 'type', eq: 'border_crossing_control_change' }])],
      '2021-07-09T06:00:00Z',
    );
    expect(muted).toMatchObject({ silenced: true, silenceIds: ['s1'] });
    expect(applySilences(alert, [], '2021-07-09T06:00:00Z').silenced).toBe(false);
  });
});
