import { Kafka, logLevel } from 'kafkajs';
import { AlertSchema, DeadLetterSchema, TOPICS, type Alert, type DeadLetter } from '@watchfire/contracts';
import { parseConfig, type WatchfireConfig } from '@watchfire/common';

export const TOKEN = 'notifier-test-operator-token-0123';
export const auth = { Authorization: `Bearer ${TOKEN}` };

export function notifierConfig(
  brokers: string[],
  smtpUrl: string,
  extra: Record<string, string> = {},
): WatchfireConfig {
  return parseConfig({
    KAFKA_BROKERS: brokers.join(','),
    SMTP_URL: smtpUrl,
    OPERATOR_TOKEN: TOKEN,
    LOG_LEVEL: 'error',
    MAIL_FROM: 'Watchfire <alerts@watchfire.test>',
    PUBLIC_BASE_URL: 'http://127.0.0.1:1',
    ...extra,
  });
}

export async function call(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}),
      Accept: 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

export { waitFor } from '../support/wait';

export interface Broker {
  brokers: string[];
  stop(): Promise<void>;
}

/** The embedded broker (or KAFKA_BROKERS / Docker, as tests/support decides). */
export async function startBroker(): Promise<Broker> {
  const { startTestBroker } = await import('../support/system');
  return startTestBroker();
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
