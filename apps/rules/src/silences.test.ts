import { describe, expect, it } from 'vitest';
import { ApiError } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { MemoryTables, RecordingWriter } from '@watchfire/kafka/testing';
import { SilencesStore, silenceState } from './silences';

const NOW = Date.parse('2021-07-09T06:00:00Z');
const matchers = [{ field: 'location.neighbor' as const, eq: 'Iran' }];

function store() {
  const writer = new RecordingWriter();
  return { silences: new SilencesStore(new MemoryTables(), writer), writer };
}

async function errorOf(p: Promise<unknown>): Promise<ApiError | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  return undefined;
}

describe('SilencesStore', () => {
  it('creates a silence from now when no start is given, publishes it and lists it', async () => {
    const { silences, writer } = store();
    const s = await silences.create({ matchers, endsAt: '2021-07-10T06:00:00Z' }, 'ops', NOW);
    expect(s).toMatchObject({ startsAt: '2021-07-09T06:00:00.000Z', createdBy: 'ops' });
    expect(writer.sent).toEqual([{ topic: TOPICS.silences, key: s.id, value: s }]);
    expect(silences.list()).toEqual([s]);
    expect(silenceState(s, NOW)).toBe('active');
    expect(silenceState(s, Date.parse('2021-07-11T00:00:00Z'))).toBe('expired');
  });

  it('refuses an end in the past, an end before the start and a silence over 366 days', async () => {
    const { silences, writer } = store();
    const past = await errorOf(silences.create({ matchers, endsAt: '2021-07-01T00:00:00Z' }, 'ops', NOW));
    expect(past?.getStatus()).toBe(400);
    const reversed = await errorOf(
      silences.create(
        { matchers, startsAt: '2021-07-12T00:00:00Z', endsAt: '2021-07-11T00:00:00Z' },
        'ops',
        NOW,
      ),
    );
    expect(reversed?.getStatus()).toBe(400);
    const long = await errorOf(silences.create({ matchers, endsAt: '2023-07-09T00:00:00Z' }, 'ops', NOW));
    expect(long?.getStatus()).toBe(400);
    expect(writer.sent).toEqual([]);
  });

  it('deletes with a tombstone; an unknown id is a 404', async () => {
    const { silences, writer } = store();
    const s = await silences.create({ matchers, endsAt: '2021-07-10T06:00:00Z' }, 'ops', NOW);
    await silences.remove(s.id);
    expect(writer.sent.at(-1)).toEqual({ topic: TOPICS.silences, key: s.id, value: null });
    expect(silences.list()).toEqual([]);
    expect((await errorOf(silences.remove(s.id)))?.getStatus()).toBe(404);
  });
});
