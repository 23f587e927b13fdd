import { startEmbeddedKafka } from '@watchfire/embedded-kafka';

export interface TestBroker {
  brokers: string[];
  stop(): Promise<void>;
}

/**
 * The broker the cross-service tests use: KAFKA_BROKERS when set (a real cluster), Apache Kafka in
 * a container when WATCHFIRE_TEST_DOCKER=1 (testcontainers), otherwise the embedded broker.
 */
export async function startTestBroker(): Promise<TestBroker> {
  if (process.env.KAFKA_BROKERS)
    return { brokers: process.env.KAFKA_BROKERS.split(','), stop: () => Promise.resolve() };
  if (process.env.WATCHFIRE_TEST_DOCKER === '1') {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.6.1').withKraft().start();
    return {
      brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
      stop: async () => void (await container.stop()),
    };
  }
  const broker = await startEmbeddedKafka({ port: 0 });
  return { brokers: broker.brokers, stop: () => broker.stop() };
}
