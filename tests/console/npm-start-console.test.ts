import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEnv, startUntilBanner, stopStart, type RunningStart } from '../support/npm-start';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `npm start` on a fresh data directory with free ports, until its banner is out. */
async function start(extra: Record<string, string>): Promise<RunningStart & { out: () => string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'watchfire-console-start-'));
  dirs.push(dataDir);
  const p = await startUntilBanner(startEnv(dataDir, { LOG_LEVEL: 'info', ...extra }), 90_000);
  return { ...p, out: p.output };
}

const stop = (p: RunningStart) => stopStart(p);

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
      await stop(s);
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
      await stop(s);
    }
  }, 120_000);
});
