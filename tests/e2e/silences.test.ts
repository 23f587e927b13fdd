/**
 * Silences through the one-command start, as in the issue: a place silenced while its event is
 * reported, the silence deleted, more reports of the same event. The group's alert is sent once,
 * with the next report after the silence ended, and later reports behave as if it had never been
 * silenced.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startEnv, startUntilBanner, stopStart, type RunningStart } from '../support/npm-start';
import { http, waitFor } from '../support/system';

const dir = mkdtempSync(path.join(tmpdir(), 'watchfire-silences-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two later reports of the Qala-i-Naw attack, in our own words (nothing new: same status and actor).
const FOLLOW_UPS = [
  'date 2021-07-08\nGovernment forces were still fighting Taliban insurgents who attacked Qala-i-Naw, the capital of Badghis province, officials said on Thursday.',
  'date 2021-07-08\nFighting continued on Thursday around Qala-i-Naw, the provincial capital of Badghis, a day after Taliban fighters attacked the city, local officials said.',
];

interface TopicRecord {
  key: string;
  /** The fields these checks read of an alert or an alert group. */
  value: { reportIds?: string[]; revision?: number; silenced?: boolean } | null;
}

/** Every record of a topic so far (read from the start by a throw-away group), once `until` holds. */
async function readTopic(
  brokers: string[],
  topic: string,
  until: (r: TopicRecord[]) => boolean,
): Promise<TopicRecord[]> {
  const consumer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `t-${randomUUID()}`,
  });
  const got: TopicRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      got.push({
        key: message.key?.toString() ?? '',
        value: message.value ? (JSON.parse(message.value.toString()) as TopicRecord['value']) : null,
      });
      return Promise.resolve();
    },
  });
  try {
    await waitFor(`${topic} records`, () => until(got) || undefined, 30_000);
    return got;
  } finally {
    await consumer.disconnect();
  }
}

describe('a silence that ends while its group is open', () => {
  let run: RunningStart;
  let brokers: string[];
  let auth: { Authorization: string };
  beforeAll(async () => {
    run = await startUntilBanner(startEnv(path.join(dir, 'data')));
    brokers = [/kafka\s+embedded broker (\S+)/.exec(run.output())![1]];
    auth = { Authorization: `Bearer ${run.token}` };
  }, 90_000);
  afterAll(async () => {
    if (run) await stopStart(run);
  });

  it('sends the silenced alert once with the next report, then no more', async () => {
    const { notifier, rules, ingestion } = run.urls;
    expect((await http('POST', `${notifier}/subscriptions`, { email: 'ana@example.org' }, auth)).status).toBe(
      201,
    );
    const silence = await http(
      'POST',
      `${rules}/silences`,
      { matchers: [{ field: 'location.name', eq: 'Qala-i-Naw' }], duration: '2h', comment: 'test' },
      auth,
    );
    expect(silence.status).toBe(201);

    const article = readFileSync(path.join(ROOT, 'examples', 'reference-article.txt'), 'utf8');
    expect((await http('POST', `${ingestion}/reports?source=wire`, article)).status).toBe(202);
    const ledger = async () =>
      (await http('GET', `${notifier}/deliveries?email=ana@example.org`, undefined, auth)).body
        .deliveries as Array<{
        alertId: string;
        alertRevision: number;
        status: string;
      }>;
    const first = await waitFor('three deliveries, one suppressed', async () => {
      const d = await ledger();
      return d.length === 3 && d.filter((x) => x.status === 'sent').length === 2 ? d : undefined;
    });
    const muted = first.find((d) => d.status === 'suppressed')!;

    // DELETE expires the silence; it stays listed
    const expired = await http('DELETE', `${rules}/silences/${silence.body.id}`, undefined, auth);
    expect(expired.body.state).toBe('expired');

    // the next report of the same event: the alert is sent now, once
    expect((await http('POST', `${ingestion}/reports?source=wire`, FOLLOW_UPS[0])).status).toBe(202);
    const sent = await waitFor('the silenced alert sent', async () =>
      (await ledger()).find((d) => d.alertId === muted.alertId && d.status === 'sent'),
    );
    expect(sent.alertRevision).toBe(muted.alertRevision + 1);
    const outbox = (await http('GET', `${notifier}/outbox`)).body.messages as Array<{ subject: string }>;
    expect(outbox.filter((m) => m.subject.includes('Qala-i-Naw'))).toHaveLength(1);

    // and a further report behaves as if the group had never been silenced: nothing new to say
    const third = await http('POST', `${ingestion}/reports?source=wire`, FOLLOW_UPS[1]);
    await readTopic(brokers, 'watchfire.alert-groups.v1', (rs) =>
      rs.some((r) => r.value?.reportIds?.includes((third.body as { id: string }).id)),
    );
    // the group's state is written after its alert is published: every alert of it is on the topic now
    const alerts = await readTopic(brokers, 'watchfire.alerts.v1', (rs) => rs.length >= 4);
    const revisions = alerts
      .filter((r) => r.key === muted.alertId)
      .map((r) => [r.value?.revision, r.value?.silenced]);
    expect(revisions).toEqual([
      [1, true],
      [2, false],
    ]);
  }, 120_000);
});
