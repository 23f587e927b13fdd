import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  http,
  startBroker,
  startRulesInstance,
  testConfig,
  waitFor,
  type Broker,
  type RulesInstance,
} from './helpers';

const article = readFileSync(path.join(__dirname, '..', '..', 'examples', 'reference-article.txt'), 'utf8');

const issueRule = {
  name: 'Iran border crossings',
  description: 'x',
  enabled: true,
  severity: 'high',
  when: {
    all: [
      { field: 'type', in: ['border_crossing_control_change'] },
      { field: 'location.neighbor', in: ['Iran'] },
      {
        any: [
          { field: 'status', in: ['claimed', 'confirmed'] },
          { not: { field: 'actor', eq: 'government forces' } },
        ],
      },
      { field: 'confidence', gte: 0.6 },
      { text: 'evidence', contains: ['border'] },
      { text: 'report', matches: '(?i)seiz(ed|ure)' },
    ],
  },
};

describe('rules API (two rules instances on one broker, real HTTP)', () => {
  let broker: Broker;
  let a: RulesInstance;
  let b: RulesInstance;
  beforeAll(async () => {
    broker = await startBroker();
    const config = testConfig(broker.brokers, {
      OPERATOR_TOKENS: 'alice:alice-token-0123456789,bob:bob-token-0123456789ab',
    });
    [a, b] = await Promise.all([startRulesInstance(config), startRulesInstance(config)]);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await broker?.stop();
  });

  const alice = { Authorization: 'Bearer alice-token-0123456789' };
  const bob = { Authorization: 'Bearer bob-token-0123456789ab' };

  it('refuses requests without a valid operator token', async () => {
    for (const [method, p] of [
      ['GET', '/rules'],
      ['POST', '/rules'],
      ['GET', '/rules/x'],
      ['PUT', '/rules/x'],
      ['DELETE', '/rules/x'],
      ['GET', '/rules/x/history'],
      ['POST', '/rules/test'],
      ['GET', '/silences'],
      ['POST', '/silences'],
    ] as const) {
      const r = await http(method, `${a.url}${p}`, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(r.status, `${method} ${p}`).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
    expect(
      (await http('GET', `${a.url}/rules`, undefined, { Authorization: 'Bearer not-a-token-at-all' })).status,
    ).toBe(401);
  });

  it('loads the default rules when the topic is empty (once, though two instances started together)', async () => {
    const r = await http('GET', `${a.url}/rules`, undefined, alice);
    expect(r.status).toBe(200);
    expect(r.body.rules.map((x: any) => x.id).sort()).toEqual([
      'default-border-crossing',
      'default-capital-attacked',
      'default-capital-captured',
    ]);
    const onB = await http('GET', `${b.url}/rules`, undefined, alice);
    expect(onB.body.rules).toHaveLength(3);
  });

  it('validates rules with errors that name the field path and the reason', async () => {
    const bad = structuredClone(issueRule) as any;
    bad.when.all[5] = { text: 'report', matches: 'seiz(ed' };
    bad.when.all[3] = { field: 'confidence', gte: 'high' };
    let r = await http('POST', `${a.url}/rules`, bad, alice);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details).toContainEqual({
      path: 'when.all.3.gte',
      message: expect.stringMatching(/expected number/),
    });
    bad.when.all[3] = { field: 'confidence', gte: 0.6 };
    r = await http('POST', `${a.url}/rules`, bad, alice);
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([
      { path: 'when.all.5.matches', message: expect.stringMatching(/^RE2 refused the pattern: missing \)/) },
    ]);
    expect(r.body.error.message).toMatch(/^Invalid rule: when\.all\.5\.matches: RE2 refused/);
    r = await http(
      'POST',
      `${a.url}/rules`,
      { ...issueRule, when: { field: 'status', in: ['claimd'] } },
      alice,
    );
    expect(r.body.error.details).toEqual([
      { path: 'when.in.0', message: 'unknown status "claimd"; one of claimed, reported, confirmed, denied' },
    ]);
    r = await http('POST', `${a.url}/rules`, { ...issueRule, colour: 'red' }, alice);
    expect(r.status).toBe(400);
    r = await http('POST', `${a.url}/rules`, '{"name": ', { ...alice, 'Content-Type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('malformed_json');
    // the same JSON without its Content-Type: 415 naming the type, not a confusing validation error
    r = await http('POST', `${a.url}/rules`, JSON.stringify(issueRule), { ...alice });
    expect(r.status).toBe(415);
    expect(r.body.error.message).toMatch(/send Content-Type: application\/json/);
  });

  it('creates, reads, updates with optimistic concurrency, records who and when, and deletes — live on the other instance', async () => {
    const created = await http(
      'POST',
      `${a.url}/rules`,
      { ...issueRule, threshold: { count: 3, within: '24h', distinct: 'location.id' } },
      alice,
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/rules/${id}`);
    expect(created.body).toMatchObject({ version: 1, createdBy: 'alice', updatedBy: 'alice', enabled: true });

    // visible through the other instance within 2 s (waitFor fails past that)
    const t0 = Date.now();
    const onB = await waitFor(
      'rule on instance B',
      async () => {
        const r = await http('GET', `${b.url}/rules/${id}`, undefined, bob);
        return r.status === 200 ? r : undefined;
      },
      2_000,
    );
    expect(onB.headers.get('etag')).toBe('"1"');

    // update through B without a version: 428; with a stale one: 409; with the right one: 200
    const change = { ...issueRule, severity: 'critical' };
    expect((await http('PUT', `${b.url}/rules/${id}`, change, bob)).status).toBe(428);
    const stale = await http('PUT', `${b.url}/rules/${id}`, change, { ...bob, 'If-Match': '"7"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', details: { currentVersion: 1 } });
    const ok = await http('PUT', `${b.url}/rules/${id}`, change, { ...bob, 'If-Match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(ok.body).toMatchObject({ version: 2, severity: 'critical', createdBy: 'alice', updatedBy: 'bob' });
    expect(ok.body).not.toHaveProperty('threshold');
    // `version` in the body works too, and the old version is now stale
    expect((await http('PUT', `${a.url}/rules/${id}`, { ...change, version: 1 }, alice)).status).toBe(409);
    await waitFor(
      'v2 on A',
      async () =>
        (await http('GET', `${a.url}/rules/${id}`, undefined, alice)).body.version === 2 || undefined,
      2_000,
    );
    const v3 = await http('PUT', `${a.url}/rules/${id}`, { ...change, enabled: false, version: 2 }, alice);
    expect(v3.body.version).toBe(3);
    // validation on update names paths too
    const badUpdate = await http(
      'PUT',
      `${a.url}/rules/${id}`,
      { ...change, when: { text: 'report', matches: '(?<=x)y' }, version: 3 },
      alice,
    );
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.error.details[0].path).toBe('when.matches');

    const history = await http('GET', `${b.url}/rules/${id}/history`, undefined, bob);
    await waitFor(
      'history v3 on B',
      async () =>
        (await http('GET', `${b.url}/rules/${id}/history`, undefined, bob)).body.history.length === 3 ||
        undefined,
      2_000,
    );
    const h = (await http('GET', `${b.url}/rules/${id}/history`, undefined, bob)).body.history;
    expect(history.status).toBe(200);
    expect(h.map((e: any) => [e.version, e.action, e.by])).toEqual([
      [1, 'created', 'alice'],
      [2, 'updated', 'bob'],
      [3, 'updated', 'alice'],
    ]);
    for (const e of h) expect(Date.parse(e.at)).toBeGreaterThan(t0 - 60_000);

    // delete: stale If-Match 409, then 204; gone on both; history still says who deleted it
    expect(
      (await http('DELETE', `${a.url}/rules/${id}`, undefined, { ...alice, 'If-Match': '"2"' })).status,
    ).toBe(409);
    expect(
      (await http('DELETE', `${a.url}/rules/${id}`, undefined, { ...alice, 'If-Match': '"3"' })).status,
    ).toBe(204);
    expect((await http('GET', `${a.url}/rules/${id}`, undefined, alice)).status).toBe(404);
    await waitFor(
      'deleted on B',
      async () => (await http('GET', `${b.url}/rules/${id}`, undefined, bob)).status === 404 || undefined,
      2_000,
    );
    const after = await http('GET', `${b.url}/rules/${id}/history`, undefined, bob);
    expect(after.body.history.at(-1)).toMatchObject({ version: 4, action: 'deleted', by: 'alice' });
    expect((await http('GET', `${b.url}/rules/nope`, undefined, bob)).body.error.code).toBe('not_found');
  });

  it('POST /rules/test: events found, rules that would fire and the conditions that decided, without side effects', async () => {
    const before = (await http('GET', `${a.url}/rules`, undefined, alice)).body.rules.length;
    const r = await http('POST', `${a.url}/rules/test`, { text: article, publishedAt: '2021-07-09' }, alice);
    expect(r.status).toBe(200);
    expect(r.body.events.map((e: any) => e.location.name).sort()).toEqual([
      'Islam Qala',
      'Qala-i-Naw',
      'Sher Khan Bandar',
    ]);
    const islam = r.body.events.find((e: any) => e.location.name === 'Islam Qala');
    const m = r.body.matches.find((x: any) => x.eventId === islam.id);
    expect(m).toMatchObject({ ruleId: 'default-border-crossing', severity: 'high', matched: true });
    expect(m.because).toEqual([
      'when.all.0: type "border_crossing_control_change" in ["border_crossing_control_change"]',
      `when.all.1.not: status "${islam.status}" ≠ "denied"`,
    ]);

    // a draft rule, with every rule that does not match explained too
    const draft = await http(
      'POST',
      `${b.url}/rules/test`,
      {
        text: article,
        publishedAt: '2021-07-09',
        rule: { ...issueRule, when: { all: [issueRule.when.all[0], issueRule.when.all[1]] } },
        explain: 'all',
      },
      bob,
    );
    expect(draft.status).toBe(200);
    expect(draft.body.matches.map((x: any) => x.eventId)).toEqual([islam.id]);
    expect(draft.body.matches[0].because[1]).toBe('when.all.1: location.neighbor "Iran" in ["Iran"]');
    const sherKhan = draft.body.events.find((e: any) => e.location.name === 'Sher Khan Bandar');
    expect(draft.body.nonMatches.find((x: any) => x.eventId === sherKhan.id).decidedBy).toBe(
      'when.all.1: location.neighbor "Tajikistan" not in ["Iran"]',
    );

    const badDraft = await http(
      'POST',
      `${a.url}/rules/test`,
      { text: 'x', rule: { ...issueRule, when: { text: 'report', matches: '[' } } },
      alice,
    );
    expect(badDraft.status).toBe(400);
    expect(badDraft.body.error.details[0].path).toBe('rule.when.matches');
    expect((await http('GET', `${a.url}/rules`, undefined, alice)).body.rules.length).toBe(before);
  });

  it('silences: create (validated), list with their state, delete', async () => {
    const bad = await http(
      'POST',
      `${a.url}/silences`,
      { matchers: [{ field: 'colour', eq: 'red' }], endsAt: '2099-01-01T00:00:00Z' },
      alice,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('matchers.0.field');
    const past = await http(
      'POST',
      `${a.url}/silences`,
      { matchers: [{ field: 'type', eq: 'provincial_capital_attack' }], endsAt: '2001-01-01T00:00:00Z' },
      alice,
    );
    expect(past.body.error.details[0].path).toBe('endsAt');
    const s = await http(
      'POST',
      `${a.url}/silences`,
      {
        matchers: [{ field: 'location.province', eq: 'Herat' }],
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        comment: 'maintenance',
      },
      alice,
    );
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ createdBy: 'alice', state: 'active' });
    const listed = await waitFor(
      'silence on B',
      async () => {
        const r = await http('GET', `${b.url}/silences?state=active`, undefined, bob);
        return r.body.silences.length === 1 ? r : undefined;
      },
      2_000,
    );
    expect(listed.body.silences[0].id).toBe(s.body.id);
    expect((await http('DELETE', `${b.url}/silences/${s.body.id}`, undefined, bob)).status).toBe(204);
    expect((await http('GET', `${b.url}/silences/${s.body.id}`, undefined, bob)).status).toBe(404);
  });
});
