import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';

export const quietKafka = (brokers: string[], clientId = 'conformance') =>
  new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 },
  });

export { waitFor } from '../support/wait';

/** Runs a consumer that collects messages; returns the list and the consumer. */
export async function collect(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<{ consumer: Consumer; got: Array<KafkaMessage & { partition: number }> }> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  const got: Array<KafkaMessage & { partition: number }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommitInterval: 100,
    eachMessage: async ({ partition, message }) => void got.push({ ...message, partition }),
  });
  return { consumer, got };
}
