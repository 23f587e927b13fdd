import { Kafka, logLevel } from 'kafkajs';
import { AlertSchema, DeadLetterSchema, TOPICS, type Alert, type DeadLetter } from '@watchfire/contracts';
import type { WatchfireConfig } from '@watchfire/common';
import { testConfig } from '../support/config';

// The shared harness (tests/support): broker, token, HTTP and polling.
export { startTestBroker as startBroker, type TestBroker as Broker } from '../support/broker';
export { auth, TEST_TOKEN } from '../support/config';
export { http } from '../support/http';
export { waitFor } from '../support/wait';

/** The shared test configuration plus what the notifier needs: an SMTP server and a sender. */
export function notifierConfig(
  brokers: string[],
  smtpUrl: string,
  extra: Record<string, string> = {},
): WatchfireConfig {
  return testConfig(brokers, {
    SMTP_URL: smtpUrl,
    LOG_LEVEL: 'error',
    MAIL_FROM: 'Watchfire <alerts@watchfire.test>',
    PUBLIC_BASE_URL: 'http://127.0.0.1:1',
    ...extra,
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A test's own Kafka client: publishes alerts (validated) and reads the DLQ. */
export class TestKafka {
  readonly kafka: Kafka;
  private producer = null as null | ReturnType<Kafka['producer']>;
  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'notifier-test', brokers, logLevel: logLevel.NOTHING });
  }
  async publishAlerts(alerts: Alert[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({
      topic: TOPICS.alerts,
      acks: -1,
      messages: alerts.map((a) => ({ key: a.id, value: JSON.stringify(AlertSchema.parse(a)) })),
    });
  }
  /** Every record on a topic so far (value null = tombstone). */
  async records(topic: string): Promise<{ key: string | null; value: Buffer | null }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const high = offsets.reduce((n, o) => n + Number(o.high), 0);
    if (high === 0) return [];
    const out: { key: string | null; value: Buffer | null }[] = [];
    const consumer = this.kafka.consumer({ groupId: `reader-${Math.random()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          out.push({ key: message.key?.toString() ?? null, value: message.value });
          if (out.length >= high) resolve();
        },
      });
    });
    await consumer.disconnect();
    return out;
  }
  /** Everything on the DLQ so far. */
  async deadLetters(): Promise<DeadLetter[]> {
    return (await this.records(TOPICS.dlq)).map((m) =>
      DeadLetterSchema.parse(JSON.parse(m.value!.toString())),
    );
  }
  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

/** A header of a raw message, unfolded (as a mail client reads it). */
export function rawHeader(raw: Buffer, name: string): string | undefined {
  const head = raw
    .toString('utf8')
    .split(/\r?\n\r?\n/)[0]
    .replace(/\r?\n[ \t]+/g, ' ');
  const re = new RegExp(`^${name}:\\s*(.*)$`, 'im');
  return re.exec(head)?.[1];
}
