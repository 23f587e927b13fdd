import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/system';

const root = path.join(__dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `npm start`'s command with free ports, until the banner is out; returns the output so far. */
async function start(env: Record<string, string>): Promise<{ child: ChildProcess; out: () => string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'watchfire-console-start-'));
  dirs.push(dataDir);
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
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: '',
      SMTP_URL: '',
      OPERATOR_TOKEN: '',
      OPERATOR_TOKENS: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(
    'the banner',
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${out}`);
      return out.includes('Ctrl-C stops everything') || undefined;
    },
    90_000,
  );
  return { child, out: () => out };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGINT');
  await waitFor('exit', () => child.exitCode !== null || undefined, 30_000);
}

describe('npm start and the console', () => {
  it('prints the console URL; a token from OPERATOR_TOKEN is never printed', async () => {
    const secret = 'operator-secret-token-0123456789abcdef';
    const s = await start({ OPERATOR_TOKEN: secret });
    try {
      const url = /^\s+console\s+(http:\/\/127\.0\.0\.1:\d+)/m.exec(s.out())?.[1];
      expect(url).toBeDefined();
      expect(s.out()).toContain('from OPERATOR_TOKEN(S), not shown');
      expect(s.out()).not.toMatch(/sign in\s+http/);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Watchfire console');
    } finally {
      await stop(s.child);
    }
    expect(s.out()).not.toContain(secret);
  }, 120_000);

  it('prints a sign-in link with a generated token in the fragment only', async () => {
    const s = await start({});
    try {
      const m = /^\s+sign in\s+(http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{48})$/m.exec(s.out());
      expect(m).not.toBeNull();
      const alerts = await fetch(`${m![1]}/api/notifier/alerts`, {
        headers: { Authorization: `Bearer ${m![2]}` },
      });
      expect(alerts.status).toBe(200);
    } finally {
      await stop(s.child);
    }
  }, 120_000);
});
