import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { startIngestion } from '../../apps/ingestion/src/app';
import { http, startTestBroker, testConfig, waitFor, type TestBroker } from '../support/system';

/** Reads everything on a topic so far. */
async function readAll(
  brokers: string[],
  topic: string,
  expected: number,
): Promise<Array<{ key: string; value: any }>> {
  const kafka = new Kafka({ brokers, clientId: 'test-reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${Math.random()}`, maxWaitTimeInMs: 100 });
  const seen: Array<{ key: string; value: any }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void seen.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) }),
  });
  await waitFor(`${expected} messages on ${topic}`, () => seen.length >= expected || undefined);
  await new Promise((r) => setTimeout(r, 300));
  await consumer.disconnect();
  return seen;
}

describe('ingestion HTTP API', () => {
  let broker: TestBroker;
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    broker = await startTestBroker();
    app = await startIngestion(testConfig(broker.brokers), 0);
    url = urlOf(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await broker?.stop();
  });

  it('accepts a JSON report after Kafka has it, and refuses the same text again as a duplicate', async () => {
    const body = {
      source: 'agency',
      title: 'Clashes',
      body: 'Fighting was reported near Kunduz on Tuesday.',
      publishedAt: '2021-08-03T06:00:00Z',
      url: 'https://example.org/a',
    };
    const r = await http('POST', `${url}/reports`, body);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: expect.stringMatching(/^r-[0-9a-f]{24}$/), duplicate: false });
    const again = await http('POST', `${url}/reports`, {
      ...body,
      source: 'other',
      body: `  ${body.body.toUpperCase()} `,
    });
    expect(again.body).toEqual({ id: r.body.id, duplicate: true });
    const onTopic = (await readAll(broker.brokers, TOPICS.reports, 1)).filter((m) => m.key === r.body.id);
    expect(onTopic).toHaveLength(1);
    expect(onTopic[0].value).toMatchObject({
      id: r.body.id,
      source: 'agency',
      title: 'Clashes',
      publishedAt: '2021-08-03T06:00:00Z',
    });
  });

  it('gives precise 4xx answers', async () => {
    const noBody = await http('POST', `${url}/reports`, { source: 'a' });
    expect(noBody.status).toBe(400);
    expect(noBody.body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'body', message: expect.any(String) }],
    });
    const badUrl = await http('POST', `${url}/reports`, {
      source: 'a',
      body: 'b',
      url: 'javascript:alert(1)',
    });
    expect(badUrl.body.error.details[0].path).toBe('url');
    const extra = await http('POST', `${url}/reports`, { source: 'a', body: 'b', colour: 'red' });
    expect(extra.status).toBe(400);
    const noSource = await http('POST', `${url}/reports`, 'text');
    expect(noSource.status).toBe(400);
    expect(noSource.body.error.message).toContain('?source=');
    const malformed = await fetch(`${url}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"source":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).error.message).toMatch(/JSON/);
    const xml = await fetch(`${url}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(415);
    const huge = await http('POST', `${url}/reports`, { source: 'a', body: 'x'.repeat(200_001) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.details[0].path).toBe('body');
    const tooLarge = await fetch(`${url}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x'.repeat(17 * 1024 * 1024),
    });
    expect(tooLarge.status).toBe(413);
  });

  it('accepts the good items of a batch and lists each bad one with its index', async () => {
    const items = [
      { source: 'a', body: 'Batch report one about Herat.' },
      { source: 'a' },
      { source: 'a', body: 'Batch report one about Herat.' },
      { source: 'b', body: 'Batch report two about Farah.', publishedAt: 'yesterday' },
      { source: 'b', body: 'Batch report three about Ghazni.' },
    ];
    const r = await http('POST', `${url}/reports/batch`, items);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(r.body.rejected.map((x: { index: number }) => x.index)).toEqual([1, 3]);
    expect(r.body.rejected[1].error).toContain('publishedAt');

    const ndjson = await fetch(`${url}/reports/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: '{"source":"n","body":"NDJSON report about Kandahar."}\nnot json\n{"source":"n","body":"Batch report three about Ghazni."}\n',
    });
    expect(ndjson.status).toBe(202);
    expect(await ndjson.json()).toMatchObject({
      accepted: 1,
      duplicates: 1,
      rejected: [{ index: 1, error: expect.stringContaining('not JSON') }],
    });
  });
});
