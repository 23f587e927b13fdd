import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { http, waitFor } from '../support/system';

const root = path.join(__dirname, '..', '..');
const article = readFileSync(path.join(root, 'examples', 'reference-article.txt'), 'utf8');

interface Started {
  child: ChildProcess;
  output: () => string;
  urls: Record<string, string>;
  token: string;
}

/** `npm start`'s own command, with every port free-chosen, until its banner is printed. */
async function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      EMBEDDED_KAFKA_PORT: '0',
      MAIL_CAPTURE_PORT: '0',
      INGESTION_PORT: '0',
      RULES_PORT: '0',
      NOTIFIER_PORT: '0',
      CONSOLE_PORT: '0',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: '',
      SMTP_URL: '',
      OPERATOR_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(
    'the start-up banner',
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${out}`);
      return out.includes('Ctrl-C stops everything') || undefined;
    },
    60_000,
  );
  const url = (name: string) => new RegExp(`^\\s+${name}\\s+(http://\\S+)`, 'm').exec(out)?.[1] ?? '';
  const token = /operator token\s+(\S+)/.exec(out)?.[1] ?? '';
  return {
    child,
    output: () => out,
    urls: { ingestion: url('ingestion'), rules: url('rules'), notifier: url('notifier') },
    token,
  };
}

async function stop(s: Started): Promise<number | null> {
  s.child.kill('SIGINT');
  return waitFor('a clean exit', () => (s.child.exitCode !== null ? s.child.exitCode : undefined), 30_000);
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'watchfire-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the whole system, prints where, turns the reference article into e-mails, and keeps state across a restart', async () => {
    const first = await start(dataDir);
    try {
      expect(first.output()).toMatch(/kafka\s+embedded broker 127\.0\.0\.1:\d+/);
      expect(first.output()).toContain(path.join(dataDir, 'mail'));
      expect(first.token).toMatch(/^[0-9a-f]{48}$/);
      for (const u of Object.values(first.urls)) {
        expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        await waitFor(
          `${u}/health`,
          async () => (await http('GET', `${u}/health`)).status === 200 || undefined,
        );
      }
      const auth = { Authorization: `Bearer ${first.token}` };
      expect(
        (await http('POST', `${first.urls.notifier}/subscriptions`, { email: 'analyst@example.org' }, auth))
          .status,
      ).toBe(201);
      expect((await http('POST', `${first.urls.ingestion}/reports?source=wire`, article)).status).toBe(202);
      const outbox = await waitFor(
        'three captured e-mails',
        async () => {
          const r = await http('GET', `${first.urls.notifier}/outbox`);
          return r.body.messages?.length >= 3 ? r.body.messages : undefined;
        },
        30_000,
      );
      expect(outbox.map((m: { subject: string }) => m.subject).join('\n')).toMatch(/Islam Qala/);
      expect(outbox[0].file.startsWith(path.join(dataDir, 'mail'))).toBe(true);
    } finally {
      expect(await stop(first)).toBe(0);
    }

    const second = await start(dataDir);
    try {
      expect(second.token).toBe(first.token);
      const subs = await http('GET', `${second.urls.notifier}/subscriptions`, undefined, {
        Authorization: `Bearer ${second.token}`,
      });
      expect(subs.body.subscriptions.map((s: { email: string }) => s.email)).toEqual(['analyst@example.org']);
      const again = await http('POST', `${second.urls.ingestion}/reports?source=wire`, article);
      expect(again.body.duplicate).toBe(true);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 180_000);

  it('stops with one clear line on bad configuration', async () => {
    const child = spawn(process.execPath, ['-r', './scripts/register.js', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, RULES_PORT: 'seventy' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err.trim()).toBe(
      'watchfire: configuration error: RULES_PORT="seventy" is not a TCP port (0-65535)',
    );
  }, 30_000);
});
