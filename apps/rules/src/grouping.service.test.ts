import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '@watchfire/common';
import { TOPICS, type AlertGroupsRecord } from '@watchfire/contracts';
import { MemoryTables, RecordingWriter } from '@watchfire/kafka/testing';
import { makeEvent, PLACES } from '@watchfire/rules-engine/testing';
import { GroupingService } from './grouping.service';
import type { GroupStates } from './ports';
import { RulesStore } from './rules.store';
import { SilencesStore } from './silences';

const T0 = Date.parse('2021-07-09T06:00:00Z');

/** Group states of one instance that owns every partition, in memory. */
function memoryGroups(): GroupStates & { rows: Map<string, AlertGroupsRecord> } {
  const rows = new Map<string, AlertGroupsRecord>();
  return {
    rows,
    ready: () => Promise.resolve(),
    exclusive: (_p, fn) => fn(),
    get: (p, key) => {
      const r = rows.get(`${p}|${key}`);
      return r && r.kind !== 'rule-threshold' ? r : undefined;
    },
    threshold: () => undefined,
    otherThresholds: () => [],
    put: (p, key, state) => {
      if (state === null) rows.delete(`${p}|${key}`);
      else rows.set(`${p}|${key}`, state);
      return Promise.resolve();
    },
    sweep: () => Promise.resolve(0),
  };
}

async function harness() {
  const tables = new MemoryTables();
  tables.written.add(TOPICS.rules); // no defaults: only the rule below
  const writer = new RecordingWriter();
  const metrics = new MetricsRegistry();
  const rules = new RulesStore(writer, metrics, tables);
  await rules.onModuleInit();
  await rules.create(
    {
      name: 'Iran crossings',
      enabled: true,
      severity: 'high',
      when: { field: 'location.neighbor', eq: 'iran' },
    },
    'ops',
  );
  await new Promise((r) => setImmediate(r)); // the rule set is rebuilt on the next tick
  const silences = new SilencesStore(tables, writer);
  const groups = memoryGroups();
  const service = new GroupingService(rules, silences, groups, writer, metrics);
  const alerts = () => writer.sent.filter((m) => m.topic === TOPICS.alerts);
  return { service, silences, groups, alerts };
}

describe('GroupingService', () => {
  it('publishes one alert for the first report, records the group, and an update only when something changed', async () => {
    const h = await harness();
    const first = await h.service.handle(makeEvent({ place: PLACES.islamQala, reportId: 'r1' }), 0, T0);
    expect(first.outcome).toBe('new');
    expect(h.alerts()).toHaveLength(1);
    expect(h.groups.rows.size).toBe(1);

    const same = await h.service.handle(
      makeEvent({ place: PLACES.islamQala, reportId: 'r2' }),
      0,
      T0 + 60_000,
    );
    expect(same.outcome).toBe('recorded');
    const again = await h.service.handle(
      makeEvent({ place: PLACES.islamQala, reportId: 'r2' }),
      0,
      T0 + 61_000,
    );
    expect(again.outcome).toBe('duplicate');

    const confirmed = await h.service.handle(
      makeEvent({ place: PLACES.islamQala, reportId: 'r3', status: 'confirmed' }),
      0,
      T0 + 120_000,
    );
    expect(confirmed.outcome).toBe('update');
    expect(h.alerts().map((m) => m.key)).toEqual([first.published!.id, first.published!.id]);
  });

  it('publishes a silenced alert marked silenced, and ignores events no rule matches', async () => {
    const h = await harness();
    await h.silences.create(
      { matchers: [{ field: 'location.neighbor', eq: 'Iran' }], endsAt: '2021-07-10T00:00:00Z' },
      'ops',
      T0,
    );
    const r = await h.service.handle(makeEvent({ place: PLACES.islamQala }), 0, T0 + 1_000);
    expect(r.published).toMatchObject({ silenced: true });
    const elsewhere = await h.service.handle(makeEvent({ place: PLACES.sherKhan }), 1, T0 + 2_000);
    expect(elsewhere.outcome).toBe('ignored');
    expect(h.alerts()).toHaveLength(1);
  });
});
