import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@watchfire/contracts';
import { groupKeyOf } from '@watchfire/rules-engine';
import { GroupStateStore } from '../../apps/rules/src/group-state.store';
import {
  alertsFor,
  auth,
  collect,
  event,
  eventProducer,
  http,
  partitionOf,
  PLACES,
  startBroker,
  startRulesInstance,
  testConfig,
  waitFor,
  type Broker,
  type RulesInstance,
} from './helpers';

/**
 * Two members of the rules consumer group on one broker: grouping is partition-local, survives
 * a member leaving (rebalance) and a restart of every member, and silences apply.
 */
describe('grouping across two rules instances (one consumer group)', () => {
  let broker: Broker;
  let config: ReturnType<typeof testConfig>;
  let instances: RulesInstance[] = [];
  let alerts: Awaited<ReturnType<typeof collect<Alert>>>;
  let events: Awaited<ReturnType<typeof eventProducer>>;

  beforeAll(async () => {
    broker = await startBroker();
    config = testConfig(broker.brokers);
    instances = await Promise.all([startRulesInstance(config), startRulesInstance(config)]);
    alerts = await collect<Alert>(broker.brokers, 'watchfire.alerts.v1');
    events = await eventProducer(broker.brokers);
    // both members hold partitions
    await waitFor(
      'both members assigned',
      () => instances.every((i) => i.app.get(GroupStateStore).ownedPartitions().length > 0) || undefined,
      30_000,
    );
  }, 120_000);
  afterAll(async () => {
    await alerts?.stop();
    await events?.stop();
    for (const i of instances) await i.close();
    await broker?.stop();
  });

  const places = Object.values(PLACES);
  const owners = () => {
    // which instance holds each place's group state
    return places.map((p) => {
      const key = groupKeyOf(event(p, 'x'));
      return instances
        .map((i, n) => {
          const store = i.app.get(GroupStateStore);
          return store.ownedPartitions().some((part) => store.get(part, key)) ? n : -1;
        })
        .filter((n) => n >= 0);
    });
  };

  it('several reports of one event make one alert per place, each grouped on exactly one instance', async () => {
    for (const p of places)
      await events.send(event(p, `${p.id}-r1`), event(p, `${p.id}-r2`), event(p, `${p.id}-r3`));
    await waitFor(
      'one alert per place',
      () => places.every((p) => alertsFor(alerts.items, p.id).length >= 1) || undefined,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    for (const p of places) {
      const mine = alertsFor(alerts.items, p.id);
      expect(mine, p.name).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'new', revision: 1, status: 'claimed', silenced: false });
    }
    await waitFor('state written', () => owners().every((o) => o.length === 1) || undefined, 5_000);
    const o = owners();
    expect(o.every((x) => x.length === 1)).toBe(true); // each group lives on one member only
    expect(new Set(o.map((x) => x[0])).size).toBe(2); // and both members own some
  });

  it('a status change is an update with the same alert id and the corroboration so far', async () => {
    await events.send(event(PLACES.islamQala, 'iq-confirm', 'confirmed'));
    const upd = await waitFor('update', () =>
      alertsFor(alerts.items, PLACES.islamQala.id).find((a) => a.revision === 2),
    );
    const first = alertsFor(alerts.items, PLACES.islamQala.id)[0];
    expect(upd).toMatchObject({
      id: first.id,
      kind: 'update',
      status: 'confirmed',
      changes: ['status: claimed -> confirmed'],
      corroboration: { count: 4 },
    });
    // redelivery of the same report changes nothing
    await events.send(event(PLACES.islamQala, 'iq-confirm', 'confirmed'));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(alertsFor(alerts.items, PLACES.islamQala.id)).toHaveLength(2);
  });

  it('a member leaving hands its groups over: the survivor restores them from the changelog', async () => {
    const leaving = instances[1];
    const survivor = instances[0];
    const theirs = places.filter((_, n) => owners()[n][0] === 1);
    expect(theirs.length).toBeGreaterThan(0);
    await leaving.close();
    instances = [survivor];
    await waitFor(
      'survivor owns every partition',
      async () =>
        survivor.app.get(GroupStateStore).ownedPartitions().length === (await events.partitionsOf()) ||
        undefined,
      30_000,
    );
    // Where each handed-over group stood: a place the previous test already confirmed gets no new
    // alert for "confirmed" again, only corroboration; the others get their status-change update.
    const prev = new Map(theirs.map((p) => [p.id, alertsFor(alerts.items, p.id).at(-1)!]));
    const changing = theirs.filter((p) => prev.get(p.id)!.status !== 'confirmed');
    const before = alerts.items.length;
    for (const p of theirs) await events.send(event(p, `${p.id}-r4`)); // corroboration only
    for (const p of theirs) await events.send(event(p, `${p.id}-r5`, 'confirmed'));
    await waitFor(
      'updates from the survivor',
      () =>
        changing.every((p) =>
          alertsFor(alerts.items, p.id).some((a) => a.revision === prev.get(p.id)!.revision + 1),
        ) || undefined,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    for (const p of changing) {
      const mine = alertsFor(alerts.items, p.id);
      const last = prev.get(p.id)!;
      expect(mine.at(-1), p.name).toMatchObject({
        id: last.id,
        kind: 'update',
        revision: last.revision + 1,
        status: 'confirmed',
        corroboration: { count: 5 },
      }); // r1-r3 of the first test, r4, r5
    }
    // No group started over on the survivor: lost state would show as a second 'new' alert.
    for (const p of theirs)
      expect(
        alertsFor(alerts.items, p.id).filter((a) => a.kind === 'new'),
        p.name,
      ).toHaveLength(1);
    expect(alerts.items.length - before).toBe(changing.length);
  }, 60_000);

  it('restarting every member keeps the grouping state', async () => {
    const captured = (reportId: string, status: 'claimed' | 'denied' = 'claimed') => ({
      ...event(PLACES.kandahar, reportId, status),
      type: 'provincial_capital_captured' as const,
    });
    await events.send(captured('kc-1'), captured('kc-2'));
    const first = await waitFor('capture alert', () =>
      alerts.items.find(
        (a) => a.location.id === PLACES.kandahar.id && a.type === 'provincial_capital_captured',
      ),
    );
    await waitFor(
      'state written',
      () =>
        instances.some((i) => {
          const store = i.app.get(GroupStateStore);
          return store
            .ownedPartitions()
            .some((p) => store.get(p, groupKeyOf(captured('x')))?.corroboration === 2);
        }) || undefined,
      5_000,
    );
    for (const i of instances) await i.close();
    instances = await Promise.all([startRulesInstance(config), startRulesInstance(config)]);
    await waitFor(
      'members assigned',
      () => instances.every((i) => i.app.get(GroupStateStore).ownedPartitions().length > 0) || undefined,
      30_000,
    );
    const before = alerts.items.length;
    await events.send(captured('kc-3'));
    await events.send(captured('kc-4', 'denied'));
    const denied = await waitFor('denial update', () =>
      alerts.items.find(
        (a) =>
          a.location.id === PLACES.kandahar.id &&
          a.type === 'provincial_capital_captured' &&
          a.status === 'denied',
      ),
    );
    expect(denied).toMatchObject({
      id: first.id,
      kind: 'update',
      revision: 2,
      changes: ['status: claimed -> denied'],
      corroboration: { count: 4 },
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(alerts.items.length - before).toBe(1);
  }, 90_000);

  it('a silenced alert is produced with silenced: true', async () => {
    const s = await http(
      'POST',
      `${instances[0].url}/silences`,
      {
        matchers: [
          { field: 'location.name', eq: 'kunduz' },
          { field: 'type', eq: 'provincial_capital_captured' },
        ],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      auth,
    );
    expect(s.status).toBe(201);
    // every instance must know the silence before the event arrives
    for (const i of instances)
      await waitFor(
        'silence known',
        async () =>
          (await http('GET', `${i.url}/silences/${s.body.id}`, undefined, auth)).status === 200 || undefined,
        2_000,
      );
    await events.send(
      { ...event(PLACES.kunduz, 'kz-captured'), type: 'provincial_capital_captured' },
      { ...event(PLACES.herat, 'ht-captured'), type: 'provincial_capital_captured' },
    );
    const muted = await waitFor('silenced alert', () =>
      alerts.items.find(
        (a) => a.location.id === PLACES.kunduz.id && a.type === 'provincial_capital_captured',
      ),
    );
    expect(muted).toMatchObject({ silenced: true, silenceIds: [s.body.id], severity: 'critical' });
    const loud = await waitFor('other alert', () =>
      alerts.items.find((a) => a.location.id === PLACES.herat.id && a.type === 'provincial_capital_captured'),
    );
    expect(loud.silenced).toBe(false);
  });

  it('a rule created through one instance applies to events handled by the other within 2 s', async () => {
    // a place whose events partition the second instance owns
    const partitions = await events.partitionsOf();
    const theirs = new Set(instances[1].app.get(GroupStateStore).ownedPartitions());
    let place: (typeof PLACES)[keyof typeof PLACES] | undefined;
    for (let n = 0; !place && n < 100; n++) {
      const id = `af-test-town-${n}`;
      if (theirs.has(partitionOf(id, partitions)))
        place = {
          id,
          name: `Test Town ${n}`,
          kind: 'provincial_capital',
          province: 'Testprovince',
          country: 'Afghanistan',
        } as never;
    }
    expect(place).toBeDefined();
    const created = await http(
      'POST',
      `${instances[0].url}/rules`,
      {
        name: 'Testprovince reports',
        severity: 'medium',
        when: {
          all: [
            { field: 'location.province', eq: 'testprovince' },
            { field: 'status', eq: 'reported' },
          ],
        },
      },
      auth,
    );
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2_000));
    await events.send(event(place!, 'tt-1', 'reported'));
    const a = await waitFor('alert', () => alerts.items.find((x) => x.location.id === place!.id));
    expect(a.rules.map((r) => r.id).sort()).toEqual([created.body.id, 'default-capital-attacked'].sort());
    expect(a.severity).toBe('high');
  });

  it("a threshold distinct by place counts across partitions and instances (the issue's frequency rule)", async () => {
    const partitions = await events.partitionsOf();
    expect(partitionOf(PLACES.islamQala.id, partitions)).not.toBe(
      partitionOf(PLACES.sherKhan.id, partitions),
    );
    const created = await http(
      'POST',
      `${instances[1].url}/rules`,
      {
        name: 'Two border crossings in a day',
        severity: 'critical',
        when: { field: 'type', eq: 'border_crossing_control_change' },
        threshold: { count: 2, within: '24h', distinct: 'location.id' },
      },
      auth,
    );
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2_000));
    const before = alerts.items.length;
    await events.send(event(PLACES.islamQala, 'th-1'));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(alerts.items.length).toBe(before); // one place so far: counted, no alert
    await events.send(event(PLACES.sherKhan, 'th-2'));
    const fired = await waitFor('threshold alert', () =>
      alerts.items.slice(before).find((a) => a.rules.some((r) => r.id === created.body.id)),
    );
    expect(fired).toMatchObject({
      location: { id: PLACES.sherKhan.id },
      kind: 'update',
      severity: 'critical',
      changes: ['severity: high -> critical'],
    });
    // fires once per window
    await events.send(event(PLACES.islamQala, 'th-3'), event(PLACES.sherKhan, 'th-4'));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(alerts.items.slice(before)).toHaveLength(1);
  });
});
