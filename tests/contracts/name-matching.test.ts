// The four places that compare names — subscription filters, rule conditions (and the rule index),
// silences and alert grouping — must agree on every spelling of a name, because an operator who
// writes "Sar e Pol" once expects it to mean the same place in a subscription, a rule and a silence.
// Each is exercised through its public entry point, not through normalizeName itself.
import { describe, expect, it } from 'vitest';
import type { WatchfireEvent } from '@watchfire/contracts';
import { matchesFilter, alertFacts, SubscriptionIndex } from '@watchfire/notify';
import { compileRule, reduceEvent, RuleSet, silenceMatches } from '@watchfire/rules-engine';
import { makeEvent } from '@watchfire/rules-engine/testing';

/** [as the operator wrote it, as the report spelled it] */
const SPELLINGS: Array<[string, string]> = [
  ['Sar e Pol', 'Sar-e Pol'],
  ['Sar-e Pol', 'Sar e Pol'],
  ['Qala i Naw', 'Qala-i-Naw'],
  ['Qala-i-Naw', 'QALA\u2010I\u2010NAW'],
  ["Mek'ele", 'Mek\u2019ele'],
  ['Mekele', "Mek'ele"],
  ['Hamah', 'Ḩamāh'],
  ['Ḩamāh', 'hamah'],
];
/** Names that must stay apart. */
const DIFFERENT: Array<[string, string]> = [
  ['Sar e Pol', 'Sare Pol'],
  ['Qala i Naw', 'Qalai Naw'],
  ['Hamah', 'Homs'],
];

const eventAt = (name: string, actor = 'Taliban'): WatchfireEvent =>
  makeEvent({
    place: {
      id: 'x-place',
      name,
      kind: 'provincial_capital',
      province: name,
      country: 'Afghanistan',
    },
    actor,
    reportId: `r-${name}-${actor}`,
  });

const rule = (field: 'location.name' | 'location.province', eq: string) =>
  compileRule({ id: `r-${field}`, name: 'n', enabled: true, severity: 'high', when: { field, eq } });

function subscriptionMatches(written: string, reported: string): boolean {
  const alert = reduceEvent(undefined, eventAt(reported), [rule('location.name', reported)], 0).alert!;
  const filter = { provinces: [written] };
  const index = new SubscriptionIndex<{ id: string; filter: typeof filter }>();
  index.upsert({ id: 's', filter });
  const direct = matchesFilter(filter, alertFacts(alert));
  const indexed = index.match(alert).length === 1;
  expect(indexed, `subscription index and filter disagree on ${written} / ${reported}`).toBe(direct);
  return direct;
}

function ruleMatches(written: string, reported: string): boolean {
  // location.name is filed in the rule index; location.province is tested as a plain condition
  const set = new RuleSet([rule('location.name', written), rule('location.province', written)]);
  const ids = set.match(eventAt(reported)).map((r) => r.id);
  expect(ids.length === 0 || ids.length === 2, `index and condition disagree: ${ids.join()}`).toBe(true);
  return ids.length === 2;
}

function silenceHolds(written: string, reported: string): boolean {
  const alert = reduceEvent(undefined, eventAt(reported), [rule('location.name', reported)], 0).alert!;
  return silenceMatches({ matchers: [{ field: 'location.province', eq: written }] }, alert);
}

/** Grouping: an actor spelled another way is the same actor (no "actor changed" revision). */
function groupingSameActor(first: string, second: string): boolean {
  const r = rule('location.name', 'Kabul');
  const a = reduceEvent(undefined, eventAt('Kabul', first), [r], 0);
  const b = reduceEvent(a.state, eventAt('Kabul', second), [r], 1_000);
  return !(b.alert?.changes ?? []).some((c) => c.startsWith('actor:'));
}

describe('one comparison of names in subscriptions, rules, silences and grouping', () => {
  it.each(SPELLINGS)('%j matches %j everywhere', (written, reported) => {
    expect(subscriptionMatches(written, reported)).toBe(true);
    expect(ruleMatches(written, reported)).toBe(true);
    expect(silenceHolds(written, reported)).toBe(true);
    expect(groupingSameActor(`${written} militia`, `${reported} militia`)).toBe(true);
  });

  it.each(DIFFERENT)('%j and %j stay different everywhere', (written, reported) => {
    expect(subscriptionMatches(written, reported)).toBe(false);
    expect(ruleMatches(written, reported)).toBe(false);
    expect(silenceHolds(written, reported)).toBe(false);
    expect(groupingSameActor(`${written} militia`, `${reported} militia`)).toBe(false);
  });
});
