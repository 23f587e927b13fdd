import { Kafka, logLevel } from 'kafkajs';
import { parseConfig, type WatchfireConfig } from '@watchfire/common';

export interface TestBrokerLike {
  brokers: string[];
  stop(): Promise<void>;
}

/** The broker for the ingestion tests: the embedded broker (or KAFKA_BROKERS / Docker, as tests/support decides). */
export async function startBroker(): Promise<TestBrokerLike> {
  const { startTestBroker } = await import('../support/system');
  return startTestBroker();
}

export interface TopicReader {
  messages: Array<{ key: string; value: any }>;
  stop(): Promise<void>;
}

/** Follows a topic from the beginning for the duration of a test. */
export async function followTopic(brokers: string[], topic: string): Promise<TopicReader> {
  const kafka = new Kafka({ brokers, clientId: 'test-follower', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `follower-${Math.random()}`, maxWaitTimeInMs: 100 });
  const messages: TopicReader['messages'] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void messages.push({
        key: message.key!.toString(),
        value: message.value ? JSON.parse(message.value.toString()) : null,
      }),
  });
  return { messages, stop: () => consumer.disconnect() };
}

export const TEST_TOKEN = 'test-operator-token-0123456789';
export const auth = { Authorization: `Bearer ${TEST_TOKEN}` };

export function testConfig(brokers: string[], extra: Record<string, string> = {}): WatchfireConfig {
  return parseConfig({
    KAFKA_BROKERS: brokers.join(','),
    OPERATOR_TOKEN: TEST_TOKEN,
    LOG_LEVEL: 'warn',
    ...extra,
  });
}

// The same HTTP and polling helpers as every cross-service test.
export { http, waitFor } from '../support/system';
