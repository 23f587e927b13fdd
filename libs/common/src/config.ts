import { randomBytes } from 'node:crypto';

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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function port(env: Env, key: string, def: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`${key}=${JSON.stringify(raw)} is not a TCP port (0-65535)`);
  return n;
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
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    throw new ConfigError(`SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465`);
  const mailFrom = env.MAIL_FROM?.trim() || 'Watchfire <alerts@watchfire.local>';
  if (/[\r\n]/.test(mailFrom)) throw new ConfigError('MAIL_FROM must be one line');
  const ports = {
    ingestion: port(env, 'INGESTION_PORT', 3001),
    rules: port(env, 'RULES_PORT', 3002),
    notifier: port(env, 'NOTIFIER_PORT', 3003),
  };
  const publicBaseUrl = (env.PUBLIC_BASE_URL?.trim() || `http://127.0.0.1:${ports.notifier}`).replace(
    /\/+$/,
    '',
  );
  if (!/^https?:\/\/[^\s/]+/.test(publicBaseUrl))
    throw new ConfigError('PUBLIC_BASE_URL must be an http(s) URL such as https://alerts.example.org');
  const level = (env.LOG_LEVEL?.trim() || 'info') as WatchfireConfig['logLevel'];
  if (!['error', 'warn', 'info', 'debug'].includes(level))
    throw new ConfigError('LOG_LEVEL must be one of error, warn, info, debug');
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
  const signingSecret = env.SIGNING_SECRET?.trim() || `derived:${[...map.values()].sort().join('|')}`;
  return {
    kafkaBrokers: brokers(env.KAFKA_BROKERS),
    embeddedKafkaPort: port(env, 'EMBEDDED_KAFKA_PORT', 9092),
    dataDir: env.DATA_DIR?.trim() || './data',
    smtpUrl,
    mailFrom,
    mailCaptureDir: env.MAIL_CAPTURE_DIR?.trim() || null,
    operatorTokens: map,
    operatorTokenGenerated: generated,
    ports,
    httpHost: env.HTTP_HOST?.trim() || '127.0.0.1',
    publicBaseUrl,
    signingSecret,
    kafkaClientId: env.KAFKA_CLIENT_ID?.trim() || 'watchfire',
    logLevel: level,
    gazetteer,
  };
}

/** Brokers the services connect to: KAFKA_BROKERS, or the embedded broker's loopback address. */
export function brokersOf(config: WatchfireConfig): string[] {
  return config.kafkaBrokers ?? [`127.0.0.1:${config.embeddedKafkaPort}`];
}
