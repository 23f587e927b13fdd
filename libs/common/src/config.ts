import { randomBytes } from 'node:crypto';
export { ConfigError } from './env';
import { ConfigError, envMatching, envOneOf, envPort, envString, type Env } from './env';

/**
 * The environment contract (README "Configuration"), parsed once. Every problem is reported as one line
 * naming the variable and what is expected, so a bad deployment fails fast and clearly.
 */
export interface WatchfireConfig {
  /** Unset = the embedded broker on 127.0.0.1:embeddedKafkaPort. */
  kafkaBrokers: string[] | null;
  embeddedKafkaPort: number;
  dataDir: string;
  /** Unset = local capture (npm start) — the launcher then passes its own capture URL. */
  smtpUrl: string | null;
  mailFrom: string;
  /** SMTP port of the local mail capture that `npm start` runs when SMTP_URL is unset. */
  mailCapturePort: number;
  /** Where the local mail capture writes .eml files (set by `npm start`); enables GET /outbox. */
  mailCaptureDir: string | null;
  /** name -> token. OPERATOR_TOKEN alone is named "operator"; OPERATOR_TOKENS="alice:t1,bob:t2" names each. */
  operatorTokens: Map<string, string>;
  operatorTokenGenerated: boolean;
  ports: { ingestion: number; rules: number; notifier: number };
  /** Interface the HTTP services bind to; loopback unless deployed (docker-compose sets 0.0.0.0). */
  httpHost: string;
  publicBaseUrl: string;
  /** Secret for unsubscribe/confirm links; defaults to one derived from the operator tokens. */
  signingSecret: string;
  kafkaClientId: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** Places the rules service recognises: every first-order capital on Earth (default), or Afghanistan's only. */
  gazetteer?: 'world' | 'afghanistan';
}

function brokers(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const b of list) {
    if (!/^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(b)) {
      throw new ConfigError(
        `KAFKA_BROKERS entry ${JSON.stringify(b)} is not host:port (e.g. KAFKA_BROKERS=kafka:9092,kafka2:9092)`,
      );
    }
  }
  return list;
}

function tokens(env: Env): { map: Map<string, string>; generated: boolean } {
  const map = new Map<string, string>();
  const many = env.OPERATOR_TOKENS?.trim();
  if (many) {
    for (const pair of many.split(',')) {
      const i = pair.indexOf(':');
      const name = pair.slice(0, i).trim();
      const token = pair.slice(i + 1).trim();
      if (i <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(name) || token.length < 16) {
        throw new ConfigError(
          'OPERATOR_TOKENS must be name:token pairs separated by commas, names [A-Za-z0-9._-], tokens of at least 16 characters',
        );
      }
      map.set(name, token);
    }
  }
  const single = env.OPERATOR_TOKEN?.trim();
  if (single) {
    if (single.length < 16)
      throw new ConfigError('OPERATOR_TOKEN must be at least 16 characters (try: openssl rand -hex 24)');
    map.set('operator', single);
  }
  if (map.size > 0) return { map, generated: false };
  return { map: new Map([['operator', randomBytes(24).toString('hex')]]), generated: true };
}

export function parseConfig(env: Env = process.env): WatchfireConfig {
  // SMTP_URL and the tokens may hold secrets: their messages never echo the value.
  const smtpUrl = envString(env, 'SMTP_URL') ?? null;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    throw new ConfigError(`SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465`);
  const mailFrom = envString(env, 'MAIL_FROM') ?? 'Watchfire <alerts@watchfire.local>';
  if (/[\r\n]/.test(mailFrom)) throw new ConfigError('MAIL_FROM must be one line');
  if (!/[^\s@<]+@[^\s@>]+>?$/.test(mailFrom))
    throw new ConfigError(
      `MAIL_FROM=${JSON.stringify(mailFrom)} must be an address, e.g. alerts@example.org or "Watchfire <alerts@example.org>"`,
    );
  const ports = {
    ingestion: envPort(env, 'INGESTION_PORT', 3001),
    rules: envPort(env, 'RULES_PORT', 3002),
    notifier: envPort(env, 'NOTIFIER_PORT', 3003),
  };
  const publicBaseUrl = (
    envMatching(
      env,
      'PUBLIC_BASE_URL',
      /^https?:\/\/[^\s/]+/,
      'must be an http(s) URL such as https://alerts.example.org',
    ) ?? `http://127.0.0.1:${ports.notifier}`
  ).replace(/\/+$/, '');
  const logLevel = envOneOf(env, 'LOG_LEVEL', ['error', 'warn', 'info', 'debug'] as const, 'info');
  // Read by the process's logger (libs/common/src/logging.ts); checked here so a typo stops start-up.
  const logFormat = env.LOG_FORMAT?.trim().toLowerCase();
  if (logFormat && logFormat !== 'json' && logFormat !== 'pretty')
    throw new ConfigError(
      'LOG_FORMAT must be json or pretty (default: pretty on a terminal, json otherwise)',
    );
  const gazetteer = (env.GAZETTEER?.trim() || 'world') as NonNullable<WatchfireConfig['gazetteer']>;
  if (!['world', 'afghanistan'].includes(gazetteer))
    throw new ConfigError('GAZETTEER must be world (every first-order capital) or afghanistan');
  const { map, generated } = tokens(env);
  const signingSecret = envString(env, 'SIGNING_SECRET');
  if (signingSecret !== undefined && signingSecret.length < 16)
    throw new ConfigError('SIGNING_SECRET must be at least 16 characters (try: openssl rand -hex 32)');
  return {
    kafkaBrokers: brokers(env.KAFKA_BROKERS),
    embeddedKafkaPort: envPort(env, 'EMBEDDED_KAFKA_PORT', 9092),
    dataDir: envString(env, 'DATA_DIR') ?? './data',
    smtpUrl,
    mailFrom,
    mailCapturePort: envPort(env, 'MAIL_CAPTURE_PORT', 2525),
    mailCaptureDir: envString(env, 'MAIL_CAPTURE_DIR') ?? null,
    operatorTokens: map,
    operatorTokenGenerated: generated,
    ports,
    httpHost:
      envMatching(
        env,
        'HTTP_HOST',
        /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/,
        'must be an interface address or host name, e.g. 127.0.0.1 or 0.0.0.0',
      ) ?? '127.0.0.1',
    publicBaseUrl,
    signingSecret: signingSecret ?? `derived:${[...map.values()].sort().join('|')}`,
    kafkaClientId:
      envMatching(
        env,
        'KAFKA_CLIENT_ID',
        /^[A-Za-z0-9._-]{1,100}$/,
        'must be 1-100 characters of A-Z a-z 0-9 . _ -',
      ) ?? 'watchfire',
    logLevel,
    gazetteer,
  };
}

/** Brokers the services connect to: KAFKA_BROKERS, or the embedded broker's loopback address. */
export function brokersOf(config: WatchfireConfig): string[] {
  return config.kafkaBrokers ?? [`127.0.0.1:${config.embeddedKafkaPort}`];
}
