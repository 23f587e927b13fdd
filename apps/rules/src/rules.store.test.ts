import { describe, expect, it } from 'vitest';
import { ApiError, MetricsRegistry } from '@watchfire/common';
import { TOPICS, type RuleSpec } from '@watchfire/contracts';
import { MemoryTables, RecordingWriter } from '@watchfire/kafka/testing';
import { DEFAULT_RULES } from '@watchfire/rules-engine';
import { makeEvent, PLACES } from '@watchfire/rules-engine/testing';
import { RulesStore } from './rules.store';

const spec: RuleSpec = {
  name: 'Islam Qala',
  enabled: true,
  severity: 'high',
  when: { field: 'location.name', eq: 'islam qala' },
};

async function started(opts: { writtenBefore?: boolean } = {}) {
  const tables = new MemoryTables();
  if (opts.writtenBefore) tables.written.add(TOPICS.rules);
  const writer = new RecordingWriter();
  const store = new RulesStore(writer, new MetricsRegistry(), tables);
  await store.onModuleInit();
  return { store, writer };
}

const nextTick = () => new Promise((r) => setImmediate(r));

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e.getStatus();
    throw e;
  }
  return 200;
}

describe('RulesStore', () => {
  it('writes the default rules once, to a topic nothing was ever written to', async () => {
    const { store, writer } = await started();
    expect(writer.sent.map((m) => m.key)).toEqual(DEFAULT_RULES.map((r) => r.id));
    expect(
      store
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual(DEFAULT_RULES.map((r) => r.id).sort());
    expect(store.ruleSet.size).toBe(DEFAULT_RULES.length);
  });

  it('does not bring the defaults back when an operator deleted every rule', async () => {
    const { store, writer } = await started({ writtenBefore: true });
    expect(writer.sent).toEqual([]);
    expect(store.list()).toEqual([]);
  });

  it('creates a rule, applies it to events after the rebuild, and keeps its history', async () => {
    const { store, writer } = await started({ writtenBefore: true });
    const r = await store.create(spec, 'alice');
    expect(writer.sent.at(-1)).toMatchObject({ topic: TOPICS.rules, key: r.id });
    await nextTick();
    expect(store.ruleSet.match(makeEvent({ place: PLACES.islamQala })).map((m) => m.id)).toEqual([r.id]);
    expect(store.history(r.id)).toEqual([
      expect.objectContaining({ version: 1, action: 'created', by: 'alice' }),
    ]);
  });

  it('refuses an update from a stale version (409) and applies a current one', async () => {
    const { store } = await started({ writtenBefore: true });
    const r = await store.create(spec, 'alice');
    expect(await statusOf(store.update(r.id, { ...spec, severity: 'low' }, 0, 'bob'))).toBe(409);
    const u = await store.update(r.id, { ...spec, severity: 'low' }, 1, 'bob');
    expect(u).toMatchObject({ version: 2, severity: 'low', updatedBy: 'bob', createdBy: 'alice' });
  });

  it('deletes with a last record and a tombstone; the history outlives the rule', async () => {
    const { store, writer } = await started({ writtenBefore: true });
    const r = await store.create(spec, 'alice');
    await store.remove(r.id, 1, 'bob');
    expect(writer.sent.slice(-2).map((m) => m.value === null)).toEqual([false, true]);
    expect(await statusOf(Promise.resolve().then(() => store.get(r.id)))).toBe(404);
    expect(store.history(r.id).map((h) => h.action)).toEqual(['created', 'deleted']);
  });
});
