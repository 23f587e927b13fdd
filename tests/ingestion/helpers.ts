import { Kafka, logLevel } from 'kafkajs';

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

// The shared harness (tests/support): broker, configuration, HTTP and polling.
export { startTestBroker as startBroker, type TestBroker as TestBrokerLike } from '../support/broker';
export { auth, TEST_TOKEN, testConfig } from '../support/config';
export { http } from '../support/http';
export { waitFor } from '../support/wait';
