import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { urlOf, type WatchfireConfig } from '@watchfire/common';
import type { Alert, EventStatus, WatchfireEvent } from '@watchfire/contracts';
import { TOPICS } from '@watchfire/contracts';
import { PLACES as ENGINE_PLACES } from '@watchfire/rules-engine/testing';
import { startRules } from '../../apps/rules/src/app';

// The shared harness (tests/support): broker, configuration, HTTP and polling.
export { startTestBroker as startBroker, type TestBroker as Broker } from '../support/broker';
export { auth, TEST_TOKEN, testConfig } from '../support/config';
export { http } from '../support/http';
export { waitFor } from '../support/wait';

function client(brokers: string[], clientId: string): Kafka {
  return new Kafka({ brokers, clientId, logLevel: logLevel.NOTHING });
}

export interface RulesInstance {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

export async function startRulesInstance(config: WatchfireConfig): Promise<RulesInstance> {
  const app = await startRules(config, { port: 0, sessionTimeoutMs: 6_000 });
  let closed = false;
  return {
    app,
    url: urlOf(app),
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** Reads a topic from the beginning in its own group and keeps everything it sees. */
export async function collect<T>(
  brokers: string[],
  topic: string,
): Promise<{ items: T[]; stop(): Promise<void> }> {
  const kafka = client(brokers, 'test-collector');
  const consumer: Consumer = kafka.consumer({
    groupId: `collect-${topic}-${Math.random()}`,
    maxWaitTimeInMs: 100,
  });
  const items: T[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void (message.value && items.push(JSON.parse(message.value.toString()))),
  });
  return { items, stop: () => consumer.disconnect() };
}

export async function eventProducer(brokers: string[]) {
  const kafka = client(brokers, 'test-events');
  const producer = kafka.producer();
  await producer.connect();
  return {
    /** Publishes events as the pipeline does: to watchfire.events.v1, keyed by place. */
    send: (...events: WatchfireEvent[]) =>
      producer.send({
        topic: TOPICS.events,
        acks: -1,
        messages: events.map((e) => ({ key: e.location.id, value: JSON.stringify(e) })),
      }),
    partitionsOf: async () => {
      const admin = kafka.admin();
      await admin.connect();
      const meta = await admin.fetchTopicMetadata({ topics: [TOPICS.events] });
      await admin.disconnect();
      return meta.topics[0].partitions.length;
    },
    stop: () => producer.disconnect(),
  };
}

/** The rules engine's test places, plus two capitals the cross-service tests also use. */
export const PLACES = {
  ...ENGINE_PLACES,
  herat: {
    id: 'af-herat-herat',
    name: 'Herat',
    kind: 'provincial_capital',
    province: 'Herat',
    country: 'Afghanistan',
  },
  kunduz: {
    id: 'af-kunduz-kunduz',
    name: 'Kunduz',
    kind: 'provincial_capital',
    province: 'Kunduz',
    country: 'Afghanistan',
  },
} as const satisfies Record<string, WatchfireEvent['location']>;

export function event(
  place: WatchfireEvent['location'],
  reportId: string,
  status: EventStatus = 'claimed',
  extra: Partial<WatchfireEvent> = {},
): WatchfireEvent {
  const type =
    place.kind === 'border_crossing' ? 'border_crossing_control_change' : 'provincial_capital_attack';
  const text = `The Taliban ${status === 'denied' ? 'denied taking' : 'claim to have taken'} ${place.name}.`;
  return {
    id: `e-${reportId}-${place.id}`,
    reportId,
    type,
    location: { ...place },
    actor: 'Taliban',
    status,
    confidence: 0.8,
    evidence: [{ text, start: 0, end: text.length }],
    report: { source: `source-${reportId}` },
    reportText: text,
    ...extra,
  };
}

// kafkajs's default partitioner (murmur2, as the Java client): where a key lands.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no partitioner module; CommonJS file by path
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string) => number;
export const partitionOf = (key: string, partitions: number) => (murmur2(key) & 0x7fffffff) % partitions;

export const alertsFor = (alerts: Alert[], placeId: string) =>
  alerts.filter((a) => a.location.id === placeId);
