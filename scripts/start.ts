// `npm start`: the whole system on one machine — embedded Kafka (unless KAFKA_BROKERS is set), a
// local mail capture (unless SMTP_URL is set), and the three services, in one process.
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, parseConfig, urlOf, type WatchfireConfig } from '@watchfire/common';
import { startEmbeddedKafka } from '@watchfire/embedded-kafka';
import { startMailCapture } from '@watchfire/mail-capture';
import { consolePortFromEnv, startConsoleFor } from '../apps/console/src/app';
import { startIngestion } from '../apps/ingestion/src/app';
import { startNotifier } from '../apps/notifier/src/app';
import { startRules } from '../apps/rules/src/app';

const say = (line = '') => process.stdout.write(`${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`watchfire: ${line}\n`);
  process.exit(2);
};

/** A generated operator token is kept under DATA_DIR so it survives restarts (and so do unsubscribe links). */
function persistentToken(dataDir: string): string {
  const file = path.join(dataDir, 'operator-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = parseConfig({}).operatorTokens.get('operator')!;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

async function main(): Promise<void> {
  const env = { ...process.env };
  let config: WatchfireConfig;
  try {
    config = parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return fail(`configuration error: ${e.message}`);
    throw e;
  }
  const dataDir = path.resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const tokenGenerated = config.operatorTokenGenerated;
  if (tokenGenerated) config = parseConfig({ ...env, OPERATOR_TOKEN: persistentToken(dataDir) });

  const stops: Array<() => Promise<unknown>> = [];
  let kafkaLine: string;
  if (!config.kafkaBrokers) {
    const kafkaDir = path.join(dataDir, 'kafka');
    const broker = await startEmbeddedKafka({
      host: '127.0.0.1',
      port: config.embeddedKafkaPort,
      dataDir: kafkaDir,
    }).catch((e: Error) =>
      fail(
        `cannot start the embedded Kafka broker on 127.0.0.1:${config.embeddedKafkaPort}: ${e.message} (is another broker running? set EMBEDDED_KAFKA_PORT or KAFKA_BROKERS)`,
      ),
    );
    stops.push(() => broker.stop());
    config = { ...config, kafkaBrokers: broker.brokers };
    kafkaLine = `embedded broker ${broker.brokers.join(',')} (data: ${kafkaDir})`;
  } else {
    kafkaLine = `${config.kafkaBrokers.join(',')} (KAFKA_BROKERS)`;
  }

  let mailLine: string;
  if (!config.smtpUrl) {
    const mailDir = path.join(dataDir, 'mail');
    const port = Number(env.MAIL_CAPTURE_PORT ?? 2525);
    const capture = await startMailCapture({ host: '127.0.0.1', port, dir: mailDir }).catch((e: Error) =>
      fail(
        `cannot start the local mail capture on 127.0.0.1:${port}: ${e.message} (set MAIL_CAPTURE_PORT, or SMTP_URL to use a real server)`,
      ),
    );
    stops.push(() => capture.stop());
    config = { ...config, smtpUrl: capture.url, mailCaptureDir: mailDir };
    mailLine = `captured as .eml files in ${mailDir} (SMTP ${capture.url}); list: GET /outbox on the notifier`;
  } else {
    mailLine = `sent to ${config.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')} (SMTP_URL)`;
  }

  const apps: Array<[string, INestApplication]> = [];
  try {
    apps.push(['ingestion', await startIngestion(config)]);
    apps.push(['rules', await startRules(config)]);
    apps.push(['notifier', await startNotifier(config)]);
  } catch (e) {
    for (const [, app] of apps.reverse()) await app.close().catch(() => undefined);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fail(`a service failed to start: ${(e as Error).message}`);
  }
  const url = Object.fromEntries(apps.map(([n, a]) => [n, urlOf(a)])) as Record<
    'ingestion' | 'rules' | 'notifier',
    string
  >;
  const consolePort = (() => {
    try {
      return consolePortFromEnv(env);
    } catch (e) {
      return fail(`configuration error: ${(e as Error).message}`);
    }
  })();
  const console_ = await startConsoleFor(config, url, consolePort).catch((e: Error) =>
    fail(`cannot start the console on ${config.httpHost}:${consolePort}: ${e.message} (set CONSOLE_PORT)`),
  );
  stops.push(() => console_.close());
  // A token the operator gave us (OPERATOR_TOKEN/S) is theirs to know: never printed or logged.
  // A generated one is printed, once, as a sign-in link: the fragment (#token=) never reaches a server.
  const token = tokenGenerated ? config.operatorTokens.values().next().value! : '$OPERATOR_TOKEN';

  say();
  say('Watchfire is running');
  say(`  ingestion  ${url.ingestion}   POST /reports, POST /reports/batch`);
  say(`  rules      ${url.rules}   /rules, POST /rules/test (operator token)`);
  say(`  notifier   ${url.notifier}   /subscriptions, /alerts (operator token), GET /outbox, /subscribe`);
  say(`  console    ${console_.url}   alerts, map, rules, silences, subscriptions (CONSOLE_PORT)`);
  say(`  kafka      ${kafkaLine}`);
  say(`  mail       ${mailLine}`);
  if (tokenGenerated) {
    say(`  operator token  ${token} (generated, kept in ${path.join(dataDir, 'operator-token')})`);
    say(`  sign in    ${console_.url}/#token=${token}`);
  } else {
    say('  operator token  from OPERATOR_TOKEN(S), not shown');
  }
  say();
  say('Try it:');
  say(
    `  curl -s -X POST ${url.notifier}/subscriptions -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' -d '{"email":"analyst@example.org"}'`,
  );
  say(
    `  curl -s -X POST '${url.ingestion}/reports?source=wire' -H 'Content-Type: text/plain' --data-binary @examples/reference-article.txt`,
  );
  say(`  curl -s ${url.notifier}/outbox`);
  say();
  say('Ctrl-C stops everything.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping services...`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    for (const [name, app] of apps.reverse())
      await app.close().catch((e: Error) => process.stderr.write(`${name}: ${e.message}\n`));
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    say('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: Error) => fail(e.stack ?? e.message));
