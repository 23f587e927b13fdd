import type { INestApplication } from '@nestjs/common';
import { urlOf, type WatchfireConfig } from '@watchfire/common';
import { startMailCapture, type MailCapture, type MailCaptureOptions } from '@watchfire/mail-capture';
import { startIngestion } from '../../apps/ingestion/src/app';
import { startNotifier } from '../../apps/notifier/src/app';
import { startRules } from '../../apps/rules/src/app';
import { startTestBroker, type TestBroker } from './broker';
import { testConfig } from './config';

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

// The harness in one import: broker, configuration, HTTP and polling.
export { startTestBroker, type TestBroker } from './broker';
export { auth, TEST_TOKEN, testConfig } from './config';
export { http, type HttpResult } from './http';
export { waitFor } from './wait';
