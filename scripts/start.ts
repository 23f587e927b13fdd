// `npm start`: the whole system on one machine — embedded Kafka (unless KAFKA_BROKERS is set), a
// local mail capture (unless SMTP_URL is set), and the three services, in one process.
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  ConfigError,
  DataDirLockedError,
  envString,
  freePort,
  findPortConflicts,
  lockDataDir,
  parseConfig,
  urlOf,
  type WantedPort,
  type WatchfireConfig,
} from '@watchfire/common';
import { startEmbeddedKafka } from '@watchfire/embedded-kafka';
import { startMailCapture } from '@watchfire/mail-capture';
import { startConsoleFor } from '../apps/console/src/app';
import { startIngestion } from '../apps/ingestion/src/app';
import { startNotifier } from '../apps/notifier/src/app';
import { startRules } from '../apps/rules/src/app';
import { describeSettings, loadSettings, withoutCredentials, type StartSettings } from './start-settings';

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

/** Every port npm start will bind, so that all conflicts are found before anything starts. */
function wantedPorts(config: WatchfireConfig): WantedPort[] {
  const wanted: WantedPort[] = [];
  if (!config.kafkaBrokers)
    wanted.push({
      what: 'the embedded Kafka broker (EMBEDDED_KAFKA_PORT)',
      host: '127.0.0.1',
      port: config.embeddedKafkaPort,
    });
  if (!config.smtpUrl)
    wanted.push({
      what: 'the mail capture (MAIL_CAPTURE_PORT)',
      host: '127.0.0.1',
      port: config.mailCapturePort,
    });
  for (const name of ['ingestion', 'rules', 'notifier'] as const)
    wanted.push({
      what: `${name} (${name.toUpperCase()}_PORT)`,
      host: config.httpHost,
      port: config.ports[name],
    });
  return wanted;
}

async function main(): Promise<void> {
  const env = { ...process.env };
  let settings: StartSettings;
  try {
    settings = loadSettings(env);
  } catch (e) {
    if (e instanceof ConfigError) return fail(`configuration error: ${e.message}`);
    throw e;
  }
  let { config } = settings;
  const dataDir = path.resolve(config.dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    return fail(
      `configuration error: DATA_DIR=${JSON.stringify(config.dataDir)} cannot be used: ${(e as Error).message}`,
    );
  }
  // Before any file under DATA_DIR is read or written: one writer per data directory.
  try {
    const lock = lockDataDir(dataDir, 'npm start');
    process.on('exit', () => lock.release());
  } catch (e) {
    if (e instanceof DataDirLockedError) return fail(`DATA_DIR ${e.message}`);
    throw e;
  }
  if (config.ports.notifier === 0 && !envString(env, 'PUBLIC_BASE_URL')) {
    // Links in e-mails need the notifier's real port: choose it now rather than after listen().
    env.NOTIFIER_PORT = String(await freePort(config.httpHost));
    config = parseConfig(env);
  }
  const busy = await findPortConflicts([
    ...wantedPorts(config),
    { what: 'the console (CONSOLE_PORT)', host: config.httpHost, port: settings.consolePort },
  ]);
  if (busy.length > 0)
    return fail(
      `cannot start, ${busy.length === 1 ? 'a port is' : `${busy.length} ports are`} not available:\n${busy.map((b) => `  ${b}`).join('\n')}\nstop what uses them, or set the variables named (0 picks a free port)`,
    );
  const mailDir = path.resolve(config.mailCaptureDir ?? path.join(dataDir, 'mail'));
  if (!config.smtpUrl) {
    try {
      mkdirSync(mailDir, { recursive: true });
    } catch (e) {
      return fail(
        `configuration error: ${config.mailCaptureDir ? `MAIL_CAPTURE_DIR=${JSON.stringify(config.mailCaptureDir)}` : `DATA_DIR mail directory ${mailDir}`} cannot be used: ${(e as Error).message}`,
      );
    }
  }
  const tokenGenerated = config.operatorTokenGenerated;
  if (tokenGenerated) config = parseConfig({ ...env, OPERATOR_TOKEN: persistentToken(dataDir) });

  const stops: Component[] = [];
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
    stops.push(['kafka', () => broker.stop()]);
    config = { ...config, kafkaBrokers: broker.brokers };
    kafkaLine = `embedded broker ${broker.brokers.join(',')} (data: ${kafkaDir})`;
  } else {
    kafkaLine = `${config.kafkaBrokers.join(',')} (KAFKA_BROKERS)`;
  }

  let mailLine: string;
  if (!config.smtpUrl) {
    const port = config.mailCapturePort;
    const capture = await startMailCapture({ host: '127.0.0.1', port, dir: mailDir }).catch((e: Error) =>
      fail(
        `cannot start the local mail capture on 127.0.0.1:${port}: ${e.message} (set MAIL_CAPTURE_PORT, or SMTP_URL to use a real server)`,
      ),
    );
    stops.push(['mail capture', () => capture.stop()]);
    config = { ...config, smtpUrl: capture.url, mailCaptureDir: mailDir };
    mailLine = `captured as .eml files in ${mailDir} (SMTP ${capture.url}); list: GET /outbox on the notifier`;
  } else {
    mailLine = `sent to ${withoutCredentials(config.smtpUrl)} (SMTP_URL)`;
  }

  const apps: Array<[string, INestApplication]> = [];
  try {
    apps.push(['ingestion', await startIngestion(config, config.ports.ingestion, settings.ingestion)]);
    apps.push(['rules', await startRules(config, { places: settings.places })]);
    apps.push(['notifier', await startNotifier(config, { notifier: settings.notifier })]);
  } catch (e) {
    for (const [, app] of apps.reverse()) await app.close().catch(() => undefined);
    for (const [, stop] of stops.reverse()) await stop().catch(() => undefined);
    fail(`a service failed to start: ${(e as Error).message}`);
  }
  const url = Object.fromEntries(apps.map(([n, a]) => [n, urlOf(a)])) as Record<
    'ingestion' | 'rules' | 'notifier',
    string
  >;
  const consolePort = settings.consolePort;
  const console_ = await startConsoleFor(config, url, consolePort).catch((e: Error) =>
    fail(`cannot start the console on ${config.httpHost}:${consolePort}: ${e.message} (set CONSOLE_PORT)`),
  );
  stops.push(['console', () => console_.close()]);
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
  if (config.logLevel === 'debug') for (const line of describeSettings(apps, settings)) say(line);
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

  stopOnSignals([
    ...apps.reverse().map(([name, app]) => [name, () => app.close()] as Component),
    ...stops.reverse(),
  ]);
}

type Component = [name: string, stop: () => Promise<unknown>];

/**
 * Ctrl-C / SIGTERM: the services close together (their consumers leave their groups while the
 * broker is still up), then the mail capture and the broker; a line per component as it stops.
 * A second Ctrl-C exits at once.
 */
function stopOnSignals(components: Component[]): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      say(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    say(`\n${signal}: stopping (press Ctrl-C again to force)`);
    const t0 = Date.now();
    const stop = async ([name, fn]: Component) => {
      const t = Date.now();
      await fn().then(
        () => say(`  ${name} stopped (${Date.now() - t} ms)`),
        (e: Error) => process.stderr.write(`  ${name}: ${e.message}\n`),
      );
    };
    const services = components.filter(([n]) => SERVICES.has(n));
    await Promise.all(services.map(stop));
    for (const c of components.filter(([n]) => !SERVICES.has(n))) await stop(c);
    say(`stopped in ${Date.now() - t0} ms.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

const SERVICES = new Set(['ingestion', 'rules', 'notifier']);

main().catch((e: Error) => fail(e.stack ?? e.message));
