/**
 * Every variable of the README's configuration table, through the one-command start (`npm start`'s
 * own command): a bad value stops start-up with one line naming it before anything is touched; a
 * good one reaches the running services. Good values are grouped so the system starts twice in all:
 * once on the embedded broker and mail capture, once on an external broker and SMTP server.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedKafka, type EmbeddedKafka } from '@watchfire/embedded-kafka';
import { startMailCapture, type MailCapture } from '@watchfire/mail-capture';
import {
  ROOT,
  spawnStart,
  startEnv,
  startUntilBanner,
  stopStart,
  type RunningStart,
} from '../support/npm-start';
import { http, waitFor } from '../support/system';
import { ConfigError } from '@watchfire/common';
import { loadSettings } from '../../scripts/start-settings';

/** The variables named in the first column of the README's "## Configuration" table. */
function documentedVariables(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const names = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const m of row.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** What a started system shows: its output and each service's settings as it holds them (LOG_LEVEL=debug). */
interface Seen {
  run: RunningStart;
  settings: Record<
    'ingestion' | 'rules' | 'notifier',
    { config: Record<string, unknown>; options?: Record<string, unknown> }
  >;
  free: Record<string, number>;
}

interface Case {
  /** Refused at start-up; `secret` values must not be echoed in the message. */
  bad: string;
  secret?: boolean;
  /** A good value and how the running system shows it took effect. */
  good: string | ((free: Record<string, number>, dir: string) => string);
  group: 'embedded' | 'external';
  check: (seen: Seen, value: string) => void | Promise<void>;
}

const shared = (s: Seen): Array<Record<string, unknown>> => [
  s.settings.ingestion.config,
  s.settings.rules.config,
  s.settings.notifier.config,
];
const everyService = (key: string, expected: unknown) => (s: Seen) => {
  for (const c of shared(s)) expect(c[key]).toEqual(expected);
};
const ingestion = (key: string, expected: unknown) => (s: Seen) =>
  expect(s.settings.ingestion.options?.[key]).toEqual(expected);
const notifier = (key: string, expected: unknown) => (s: Seen) =>
  expect(s.settings.notifier.options?.[key]).toEqual(expected);
const tokenWorks = (token: string) => async (s: Seen) => {
  expect(s.run.output()).not.toContain(token); // a token the user gave is never printed
  const r = await http('GET', `${s.run.urls.rules}/rules`, undefined, { Authorization: `Bearer ${token}` });
  expect(r.status).toBe(200);
};

const CASES: Record<string, Case> = {
  KAFKA_BROKERS: {
    bad: 'kafka',
    good: '(the test broker)',
    group: 'external',
    check: (s) => expect(s.run.output()).toMatch(/kafka\s+127\.0\.0\.1:\d+ \(KAFKA_BROKERS\)/),
  },
  EMBEDDED_KAFKA_PORT: {
    bad: '99999',
    good: (f) => String(f.kafka),
    group: 'embedded',
    check: (s, v) => expect(s.run.output()).toContain(`embedded broker 127.0.0.1:${v} `),
  },
  DATA_DIR: {
    bad: '/dev/null/watchfire',
    good: (_f, dir) => path.join(dir, 'data'),
    group: 'embedded',
    check: (s, v) => {
      expect(s.run.output()).toContain(`(data: ${path.join(v, 'kafka')})`);
      expect(existsSync(path.join(v, 'kafka'))).toBe(true);
    },
  },
  SMTP_URL: {
    bad: 'http://user:secret@mail',
    secret: true,
    good: '(the test SMTP server)',
    group: 'external',
    check: (s) => expect(s.run.output()).toMatch(/mail\s+sent to smtp:\/\/127\.0\.0\.1:\d+ \(SMTP_URL\)/),
  },
  MAIL_FROM: {
    bad: 'nobody',
    good: 'Config Test <config-test@example.org>',
    group: 'embedded',
    check: (s, v) => everyService('mailFrom', v)(s),
  },
  MAIL_CAPTURE_PORT: {
    bad: 'twenty-five',
    good: (f) => String(f.mail),
    group: 'embedded',
    check: (s, v) => expect(s.run.output()).toContain(`(SMTP smtp://127.0.0.1:${v})`),
  },
  MAIL_CAPTURE_DIR: {
    bad: '/dev/null/mail',
    good: (_f, dir) => path.join(dir, 'mailbox'),
    group: 'embedded',
    check: (s, v) => {
      expect(s.run.output()).toContain(`captured as .eml files in ${v} `);
      expect(s.settings.notifier.config.mailCaptureDir).toBe(v);
    },
  },
  OPERATOR_TOKEN: {
    bad: 'short',
    secret: true,
    good: 'config-test-operator-token-0123456789',
    group: 'embedded',
    check: (s, v) => tokenWorks(v)(s),
  },
  OPERATOR_TOKENS: {
    bad: 'alice',
    good: 'alice:alice-config-test-token-0123,bob:bob-config-test-token-01234',
    group: 'embedded',
    check: async (s) => {
      await tokenWorks('alice-config-test-token-0123')(s);
      await tokenWorks('bob-config-test-token-01234')(s);
      everyService('operatorTokens', ['alice', 'bob', 'operator'])(s);
    },
  },
  SIGNING_SECRET: {
    bad: 'tiny',
    secret: true,
    good: 'config-test-signing-secret-0123456789',
    group: 'embedded',
    check: (s, v) => {
      expect(s.run.output()).not.toContain(v);
      everyService('signingSecret', '(SIGNING_SECRET)')(s);
    },
  },
  INGESTION_PORT: {
    bad: '70000',
    good: (f) => String(f.ingestion),
    group: 'embedded',
    check: (s, v) => expect(s.run.urls.ingestion).toBe(`http://127.0.0.2:${v}`),
  },
  RULES_PORT: {
    bad: 'seventy',
    good: (f) => String(f.rules),
    group: 'embedded',
    check: (s, v) => expect(s.run.urls.rules).toBe(`http://127.0.0.2:${v}`),
  },
  NOTIFIER_PORT: {
    bad: '-1',
    good: (f) => String(f.notifier),
    group: 'embedded',
    check: (s, v) => expect(s.run.urls.notifier).toBe(`http://127.0.0.2:${v}`),
  },
  CONSOLE_PORT: {
    bad: 'eighty',
    good: (f) => String(f.console),
    group: 'embedded',
    check: (s, v) =>
      expect(s.run.output()).toMatch(new RegExp(`^\\s+console\\s+http://127\\.0\\.0\\.2:${v}\\b`, 'm')),
  },
  HTTP_HOST: {
    bad: 'not a host',
    good: '127.0.0.2', // all of 127/8 is loopback on Linux: a non-default address that is still local
    group: 'embedded',
    check: async (s) => {
      for (const u of Object.values(s.run.urls)) expect((await http('GET', `${u}/health`)).status).toBe(200);
    },
  },
  PUBLIC_BASE_URL: {
    bad: 'alerts.example.org',
    good: 'https://alerts.example.org',
    group: 'embedded',
    check: (s, v) => everyService('publicBaseUrl', v)(s),
  },
  LOG_LEVEL: {
    bad: 'loud',
    good: 'debug',
    group: 'embedded',
    check: (s) => {
      expect(s.run.output()).toMatch(/settings of notifier: /);
      everyService('logLevel', 'debug')(s);
    },
  },
  LOG_FORMAT: {
    bad: 'xml',
    good: 'json',
    group: 'embedded',
    // the services' log lines are JSON objects (the banner itself stays plain text)
    check: (s) => expect(s.run.output()).toMatch(/^\{"level":.*"msg":/m),
  },
  GAZETTEER: {
    bad: 'mars',
    good: 'afghanistan',
    group: 'embedded',
    check: (s, v) => everyService('gazetteer', v)(s),
  },
  KAFKA_CLIENT_ID: {
    bad: 'two words',
    good: 'cfgtest',
    group: 'embedded',
    check: (s, v) => everyService('kafkaClientId', v)(s),
  },
  INGESTION_RATE_PER_SECOND: {
    bad: 'fast',
    good: '0.5',
    group: 'embedded',
    check: (s) => ingestion('ratePerSecond', 0.5)(s),
  },
  INGESTION_RATE_BURST: {
    bad: '0',
    good: '3',
    group: 'embedded',
    check: async (s) => {
      ingestion('rateBurst', 3)(s);
      // three requests pass (whatever their answer), the fourth from this client is refused
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await http('POST', `${s.run.urls.ingestion}/reports`, {})).status);
      expect(codes.slice(0, 3)).not.toContain(429);
      expect(codes[3]).toBe(429);
    },
  },
  INGESTION_DEDUP_IDS: {
    bad: '10',
    good: '5000',
    group: 'embedded',
    check: (s) => ingestion('dedupIds', 5000)(s),
  },
  FEEDS_ALLOWED_HOSTS: {
    bad: 'http://feeds.local/',
    good: 'feeds.local,127.0.0.1:8080',
    group: 'embedded',
    check: (s) =>
      ingestion('feedsAllowedHosts', [{ host: 'feeds.local' }, { host: '127.0.0.1', port: 8080 }])(s),
  },
  FEEDS_POLLING: {
    bad: 'maybe',
    good: 'off',
    group: 'embedded',
    check: (s) => ingestion('feedsPolling', false)(s),
  },
  FEEDS_POLL_CONCURRENCY: {
    bad: '0',
    good: '2',
    group: 'embedded',
    check: (s) => ingestion('feedsConcurrency', 2)(s),
  },
  FEEDS_TICK_MS: {
    bad: '5',
    good: '2000',
    group: 'embedded',
    check: (s) => ingestion('feedsTickMs', 2000)(s),
  },
  NOTIFIER_RETRY_BASE_MS: {
    bad: '1.5',
    good: '250',
    group: 'embedded',
    check: (s) => expect(s.settings.notifier.options?.retry).toMatchObject({ baseMs: 250 }),
  },
  NOTIFIER_RETRY_FOR: {
    bad: 'forever',
    good: '2h',
    group: 'embedded',
    check: (s) => expect(s.settings.notifier.options?.retry).toMatchObject({ retryForMs: 7_200_000 }),
  },
  NOTIFIER_RETRY_MAX_DELAY: {
    bad: '0',
    good: '90s',
    group: 'embedded',
    check: (s) => expect(s.settings.notifier.options?.retry).toMatchObject({ capMs: 90_000 }),
  },
  PLACES_FILE: {
    bad: '/nonexistent/places.json',
    good: (_f, d) => {
      const file = path.join(d, 'places.json');
      const place = {
        id: 'zz-test-capital',
        name: 'Testabad',
        kind: 'provincial_capital',
        province: 'Testia',
        country: 'Afghanistan',
      };
      writeFileSync(file, JSON.stringify([place]));
      return file;
    },
    group: 'embedded',
    check: (s) => expect(s.settings.rules.options?.places).toEqual(['zz-test-capital']),
  },
  NOTIFIER_RECIPIENT_BURST: {
    bad: '0',
    good: '7',
    group: 'embedded',
    check: (s) => notifier('recipientBurst', 7)(s),
  },
  NOTIFIER_RECIPIENT_PER_HOUR: {
    bad: '-5',
    good: '70',
    group: 'embedded',
    check: (s) => notifier('recipientPerHour', 70)(s),
  },
  NOTIFIER_SMTP_POOL: {
    bad: '-1',
    good: '2',
    group: 'embedded',
    check: (s) => notifier('smtpPoolSize', 2)(s),
  },
  NOTIFIER_SEND_CONCURRENCY: {
    bad: '1001',
    good: '4',
    group: 'embedded',
    check: (s) => notifier('sendConcurrency', 4)(s),
  },
  NOTIFIER_LEDGER_RETENTION_DAYS: {
    bad: '0',
    good: '120',
    group: 'embedded',
    check: (s) => notifier('ledgerRetentionMs', 120 * 86_400_000)(s),
  },
  NOTIFIER_DIGEST_TICK_MS: {
    bad: '10',
    good: '5000',
    group: 'embedded',
    check: (s) => notifier('digestTickMs', 5000)(s),
  },
  NOTIFIER_SESSION_TIMEOUT_MS: {
    bad: '100',
    good: '12000',
    group: 'embedded',
    check: (s) => notifier('sessionTimeoutMs', 12_000)(s),
  },
};

const dir = mkdtempSync(path.join(tmpdir(), 'watchfire-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README configuration table', () => {
  it('has a case here for every variable it lists, and lists every variable here', () => {
    expect(Object.keys(CASES).sort()).toEqual(documentedVariables());
  });
});

/**
 * At most two start-ups at a time: each is a Node process compiling TypeScript on the fly, and the
 * whole table at once would starve the other test files of CPU on a small machine.
 */
function limited(slots: number) {
  const waiting: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (slots > 0) slots--;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else slots++;
    }
  };
}
const oneAtATime = limited(2);
const SLOW_MACHINE_MS = 180_000; // a bound for a starved machine, not a speed expectation

/** The message the one parser gives for a bad value, read in this process (undefined: checked at start-up, e.g. a path). */
function parserMessage(name: string, value: string): string | undefined {
  try {
    loadSettings({ [name]: value });
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return undefined;
}

describe('a bad value stops npm start with one line naming it, before anything is touched', () => {
  it.concurrent.each(Object.entries(CASES))(
    '%s',
    async (name, c) => {
      const dataDir = path.join(dir, `bad-${name}`);
      const p = await oneAtATime(async () => {
        const started = spawnStart(startEnv(dataDir, { [name]: c.bad }));
        await started.exited;
        return started;
      });
      expect(p.child.exitCode).toBe(2);
      const lines = p.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^watchfire: configuration error: .*\\b${name}\\b`));
      const message = parserMessage(name, c.bad);
      if (message) expect(lines[0]).toBe(`watchfire: configuration error: ${message}`);
      if (c.secret) expect(lines[0]).not.toContain(c.bad);
      expect(p.output().trim()).toBe(lines[0]); // nothing started, nothing printed
      if (!['DATA_DIR', 'MAIL_CAPTURE_DIR'].includes(name)) expect(existsSync(dataDir)).toBe(false); // not even the data directory
    },
    SLOW_MACHINE_MS,
  );
});

describe("each service's own entry point reads its variables with the same parser", () => {
  const run = (service: string, env: Record<string, string>) =>
    oneAtATime(
      () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = execFile(
            process.execPath,
            ['-r', './scripts/register.js', `apps/${service}/src/main.ts`],
            {
              cwd: ROOT,
              env: startEnv(path.join(dir, `main-${service}`), env),
              timeout: SLOW_MACHINE_MS - 10_000,
            },
            (_e, _out, stderr) => resolve({ code: child.exitCode, stderr }),
          );
        }),
    );
  it.concurrent.each([
    ['ingestion', 'FEEDS_POLLING'],
    ['rules', 'LOG_LEVEL'],
    ['notifier', 'NOTIFIER_SMTP_POOL'],
    ['notifier', 'PUBLIC_BASE_URL'],
  ])(
    '%s: %s',
    async (service, name) => {
      const { code, stderr } = await run(service, { [name]: CASES[name].bad });
      expect(code).toBe(2);
      // the same message npm start gives (checked above), with the service's own prefix
      expect(stderr.trim()).toBe(`${service}: configuration error: ${parserMessage(name, CASES[name].bad)}`);
    },
    SLOW_MACHINE_MS,
  );
});

async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts npm start with every good value of a group at once, at LOG_LEVEL=debug, and reads the settings. */
async function startGroup(
  group: Case['group'],
  extra: Record<string, string>,
): Promise<Seen & { values: Record<string, string> }> {
  const free: Record<string, number> = {};
  for (const k of ['kafka', 'mail']) free[k] = await freePort();
  for (const k of ['ingestion', 'rules', 'notifier', 'console']) free[k] = await freePort('127.0.0.2');
  const values: Record<string, string> = {};
  for (const [name, c] of Object.entries(CASES))
    if (c.group === group) values[name] = typeof c.good === 'function' ? c.good(free, dir) : c.good;
  const run = await startUntilBanner(
    startEnv(path.join(dir, `good-${group}`), { LOG_LEVEL: 'debug', ...values, ...extra }),
  );
  const settings = Object.fromEntries(
    ['ingestion', 'rules', 'notifier'].map((n) => [
      n,
      JSON.parse(new RegExp(`settings of ${n}: (.*)`).exec(run.output())?.[1] ?? 'null'),
    ]),
  ) as Seen['settings'];
  return { run, settings, free, values };
}

describe('good values take effect in the running system', () => {
  describe('on the embedded broker and mail capture', () => {
    let seen: Seen & { values: Record<string, string> };
    beforeAll(async () => {
      seen = await startGroup('embedded', {});
    }, SLOW_MACHINE_MS);
    afterAll(async () => {
      if (seen) expect(await stopStart(seen.run)).toBe(0);
    });
    it.each(Object.entries(CASES).filter(([, c]) => c.group === 'embedded'))('%s', async (name, c) => {
      await c.check(seen, seen.values[name]);
    });
  });

  describe('on an external broker and SMTP server', () => {
    let broker: EmbeddedKafka;
    let smtp: MailCapture;
    let seen: Seen & { values: Record<string, string> };
    beforeAll(async () => {
      broker = await startEmbeddedKafka({ port: 0 });
      smtp = await startMailCapture({ port: 0 });
      seen = await startGroup('external', {
        KAFKA_BROKERS: broker.brokers.join(','),
        SMTP_URL: smtp.url,
        INGESTION_PORT: '0',
        RULES_PORT: '0',
        NOTIFIER_PORT: '0',
      });
    }, SLOW_MACHINE_MS);
    afterAll(async () => {
      if (seen) expect(await stopStart(seen.run)).toBe(0);
      await smtp?.stop();
      await broker?.stop();
    });
    it.each(Object.entries(CASES).filter(([, c]) => c.group === 'external'))('%s', async (name, c) => {
      await c.check(seen, seen.values[name]);
    });
    it(
      'delivers through them: a report on KAFKA_BROKERS becomes an e-mail at the SMTP_URL server',
      async () => {
        const token = seen.run.token!;
        const auth = { Authorization: `Bearer ${token}` };
        expect(
          (await http('POST', `${seen.run.urls.notifier}/subscriptions`, { email: 'cfg@example.org' }, auth))
            .status,
        ).toBe(201);
        const article = readFileSync(path.join(ROOT, 'examples', 'reference-article.txt'), 'utf8');
        expect((await http('POST', `${seen.run.urls.ingestion}/reports?source=wire`, article)).status).toBe(
          202,
        );
        await waitFor(
          'an e-mail at the SMTP_URL server',
          () => smtp.messages.length > 0 || undefined,
          30_000,
        );
      },
      SLOW_MACHINE_MS,
    );
  });
});
