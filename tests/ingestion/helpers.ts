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
      void messages.push({ key: message.key!.toString(), value: message.value ? JSON.parse(message.value.toString()) : null }),
  });
  return { messages, stop: () => consumer.disconnect() };
}

export const TEST_TOKEN = 'test-operator-token-0123456789';
export const auth = { Authorization: `Bearer ${TEST_TOKEN}` };

export function testConfig(brokers: string[], extra: Record<string, string> = {}): WatchfireConfig {
  return parseConfig({ KAFKA_BROKERS: brokers.join(','), OPERATOR_TOKEN: TEST_TOKEN, LOG_LEVEL: 'warn', ...extra });
}

export async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const isText = typeof body === 'string';
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/json' }), ...headers },
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

/** Polls until check() returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
