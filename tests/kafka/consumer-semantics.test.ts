import { Controller, type INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodyFilter, HealthRegistry, ObservabilityModule } from '@watchfire/common';
import { TOPICS, type Report } from '@watchfire/contracts';
import { connectTopicConsumer, KafkaFactory, KafkaModule, KafkaPublisher } from '@watchfire/kafka';
import { startTestBroker, waitFor, type TestBroker } from '../support/system';

const handled: string[] = [];
let failuresLeft = new Map<string, number>();

@Controller()
class ReportsProbe {
  @EventPattern(TOPICS.reports)
  async onReport(@Payload() r: Report) {
    const left = failuresLeft.get(r.id) ?? 0;
    if (left > 0) {
      failuresLeft.set(r.id, left - 1);
      throw new Error(`boom for ${r.id}`);
    }
    handled.push(r.id);
  }
}

@Module({})
class ProbeModule {}

const report = (id: string): Report => ({
  id,
  source: 's',
  body: `body ${id}`,
  receivedAt: new Date().toISOString(),
  contentHash: 'a'.repeat(64),
});

describe('libs/kafka against the embedded broker', () => {
  let broker: TestBroker;
  let app: INestApplication;
  let raw: Kafka;
  beforeAll(async () => {
    broker = await startTestBroker();
    app = await NestFactory.create(
      {
        module: ProbeModule,
        imports: [
          ObservabilityModule,
          KafkaModule.forRoot({
            service: 'probe',
            brokers: broker.brokers,
            clientId: 'test',
            logLevel: 'error',
          }),
        ],
        controllers: [ReportsProbe],
      },
      { logger: false },
    );
    app.useGlobalFilters(new ErrorBodyFilter());
    await app.init();
    connectTopicConsumer(
      app,
      app.get(KafkaFactory).consumerServer({ groupId: 'probe', maxAttempts: 3, sessionTimeoutMs: 6_000 }),
    );
    await app.startAllMicroservices();
    raw = new Kafka({ brokers: broker.brokers, clientId: 'raw', logLevel: logLevel.NOTHING });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await broker?.stop();
  });

  const dlqEntries = async (n: number) => {
    const consumer = raw.consumer({ groupId: `dlq-${Math.random()}`, maxWaitTimeInMs: 100 });
    const got: any[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.dlq, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void got.push(JSON.parse(message.value!.toString())),
    });
    await waitFor(`${n} DLQ entries`, () => got.length >= n || undefined);
    await consumer.disconnect();
    return got;
  };

  it('refuses to publish a value that breaks the topic schema', async () => {
    await expect(
      app.get(KafkaPublisher).publishOne(TOPICS.reports, 'x', { id: 'x' } as never),
    ).rejects.toThrow(/invalid watchfire.reports.v1 message/);
  });

  it('handles valid messages, retries a failing handler, and dead-letters what cannot be processed', async () => {
    failuresLeft = new Map([
      ['r-flaky', 2],
      ['r-broken', 99],
    ]);
    const producer = raw.producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.reports,
      messages: [
        { key: 'r-ok', value: JSON.stringify(report('r-ok')) },
        { key: 'bad-json', value: '{not json' },
        { key: 'bad-schema', value: JSON.stringify({ id: 'r-x', body: '' }) },
        { key: 'r-flaky', value: JSON.stringify(report('r-flaky')) },
        { key: 'r-broken', value: JSON.stringify(report('r-broken')) },
        { key: 'r-after', value: JSON.stringify(report('r-after')) },
      ],
    });
    await producer.disconnect();
    await waitFor(
      'the good messages',
      () =>
        (handled.includes('r-after') && handled.includes('r-flaky') && handled.includes('r-ok')) || undefined,
      30_000,
    );
    expect(handled).not.toContain('r-broken');
    const dlq = await dlqEntries(3);
    const reasons = Object.fromEntries(dlq.map((d) => [d.key, d]));
    expect(reasons['bad-json']).toMatchObject({
      sourceTopic: TOPICS.reports,
      reason: 'not_json',
      service: 'probe',
      value: '{not json',
    });
    expect(reasons['bad-schema']).toMatchObject({
      reason: 'schema_invalid',
      error: expect.stringContaining('source'),
    });
    expect(reasons['r-broken']).toMatchObject({
      reason: 'handler_failed',
      error: expect.stringContaining('boom for r-broken'),
    });
  }, 60_000);

  it('is healthy only while its clients are connected', async () => {
    const r = app.get(HealthRegistry).evaluate();
    expect(r.ok).toBe(true);
    expect(Object.keys(r.checks)).toEqual(expect.arrayContaining(['kafka.producer', 'kafka.consumer.probe']));
  });

  it('materialises a compacted topic and follows live changes and tombstones', async () => {
    const publisher = app.get(KafkaPublisher);
    const now = new Date().toISOString();
    const sub = (id: string, email: string) => ({
      id,
      email,
      delivery: 'immediate' as const,
      status: 'active' as const,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await publisher.publishOne(TOPICS.subscriptions, 's-1', sub('s-1', 'a@example.org'));
    await publisher.publishOne(TOPICS.subscriptions, 's-2', sub('s-2', 'b@example.org'));
    const table = app.get(KafkaFactory).table(TOPICS.subscriptions);
    await table.start();
    expect([...table.values()].map((s) => s.email).sort()).toEqual(['a@example.org', 'b@example.org']);
    await publisher.publishOne(TOPICS.subscriptions, 's-1', null);
    await publisher.publishOne(TOPICS.subscriptions, 's-3', sub('s-3', 'c@example.org'));
    await waitFor('live changes', () => (table.size === 2 && table.get('s-3')) || undefined);
    expect(table.get('s-1')).toBeUndefined();
    await table.stop();
  }, 30_000);
});
