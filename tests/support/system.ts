import type { INestApplication } from '@nestjs/common';
import { parseConfig, urlOf, type WatchfireConfig } from '@watchfire/common';
import { startEmbeddedKafka } from '@watchfire/embedded-kafka';
import { startMailCapture, type MailCapture, type MailCaptureOptions } from '@watchfire/mail-capture';
import { startIngestion } from '../../apps/ingestion/src/app';
import { startNotifier } from '../../apps/notifier/src/app';
import { startRules } from '../../apps/rules/src/app';

export const TEST_TOKEN = 'test-operator-token-0123456789';

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
    return { brokers: process.env.KAFKA_BROKERS.split(','), stop: async () => undefined };
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

export function testConfig(brokers: string[], extra: Record<string, string> = {}): WatchfireConfig {
  return parseConfig({
    KAFKA_BROKERS: brokers.join(','),
    OPERATOR_TOKEN: TEST_TOKEN,
    LOG_LEVEL: 'warn',
    ...extra,
  });
}

export interface RunningSystem {
  config: WatchfireConfig;
  broker: TestBroker;
  mail: MailCapture;
  urls: { ingestion: string; rules: string; notifier: string };
  apps: INestApplication[];
  stop(): Promise<void>;
}

/** Broker, a real SMTP server and the three services, each HTTP service on a free port. */
export async function startSystem(
  opts: { mail?: MailCaptureOptions; env?: Record<string, string> } = {},
): Promise<RunningSystem> {
  const broker = await startTestBroker();
  const mail = await startMailCapture({ port: 0, ...opts.mail });
  const config = testConfig(broker.brokers, { SMTP_URL: mail.url, ...opts.env });
  const apps: INestApplication[] = [];
  try {
    apps.push(await startIngestion(config, 0));
    apps.push(await startRules(config, { port: 0, sessionTimeoutMs: 6_000 }));
    apps.push(await startNotifier(config, { port: 0, sessionTimeoutMs: 6_000 }));
  } catch (e) {
    for (const a of apps.reverse()) await a.close().catch(() => undefined);
    await mail.stop();
    await broker.stop();
    throw e;
  }
  const [ingestion, rules, notifier] = apps.map(urlOf) as [string, string, string];
  return {
    config,
    broker,
    mail,
    urls: { ingestion, rules, notifier },
    apps,
    async stop() {
      for (const a of [...apps].reverse()) await a.close().catch(() => undefined);
      await mail.stop();
      await broker.stop();
    },
  };
}

export const auth = { Authorization: `Bearer ${TEST_TOKEN}` };

export async function http(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const isText = typeof body === 'string';
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export { waitFor } from './wait';
