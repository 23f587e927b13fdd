import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { decodeMimeWords, startMailCapture, type MailCapture } from '@watchfire/mail-capture';
import { startIngestion } from '../../apps/ingestion/src/app';
import { startNotifier } from '../../apps/notifier/src/app';
import { startRules } from '../../apps/rules/src/app';
import { auth, http, testConfig, waitFor } from '../support/system';

/**
 * The broker is the one part every other crash test keeps alive. Here the embedded broker runs as
 * its own process on a data directory, the three services and a real SMTP server in this one; a
 * stream of reports of distinct events is posted, the broker is SIGKILLed mid-stream and started
 * again on the same directory and port. Every report answered 202 must end as exactly one e-mail;
 * a report refused while the broker was down (503, or no answer in time) is the client's to
 * resend and is not counted.
 */
const ROOT = path.resolve(__dirname, '../..');
const REPORTS = 30;
const KILL_AFTER = 10;

interface Capital {
  name: string;
  province: string;
}
const CAPITALS = (
  JSON.parse(readFileSync(path.join(ROOT, 'libs/extraction/gazetteer/afghanistan.json'), 'utf8')) as {
    places: Array<Capital & { kind: string }>;
  }
).places
  .filter((p) => p.kind === 'provincial_capital')
  .slice(0, REPORTS);

/** The decoded Subject of a raw message. */
function subjectOf(raw: Buffer): string {
  const head = raw
    .toString('utf8')
    .split(/\r?\n\r?\n/)[0]
    .replace(/\r?\n[ \t]+/g, ' ');
  return decodeMimeWords(/^Subject:\s*(.*)$/im.exec(head)?.[1] ?? '');
}

let dataDir: string;
let broker: ChildProcess | null = null;
let port = 0;
let mail: MailCapture;
const apps: INestApplication[] = [];

/** `npm run kafka:embedded` as a child process; resolves with its port once it listens. */
async function spawnBroker(atPort: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      './scripts/register.js',
      'libs/embedded-kafka/src/cli.ts',
      '--port',
      String(atPort),
      '--data-dir',
      dataDir,
      '--partitions',
      '3',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  broker = child;
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`broker did not start: ${err.slice(-2000)}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^:\s]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}: ${err.slice(-2000)}`)));
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'watchfire-broker-crash-'));
  port = await spawnBroker(0);
  mail = await startMailCapture({ port: 0 });
  const config = testConfig([`127.0.0.1:${port}`], { SMTP_URL: mail.url });
  apps.push(await startIngestion(config, 0, { ratePerSecond: 0, feedsPolling: false }));
  apps.push(await startRules(config, { port: 0, sessionTimeoutMs: 6_000 }));
  apps.push(
    await startNotifier(config, {
      port: 0,
      sessionTimeoutMs: 6_000,
      notifier: { recipientBurst: 1_000, recipientPerHour: 1_000_000 },
    }),
  );
}, 90_000);

afterAll(async () => {
  for (const a of apps.reverse()) await a.close().catch(() => undefined);
  await mail?.stop();
  broker?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('broker SIGKILLed mid-stream and restarted on its data directory', () => {
  it('loses nothing that was accepted (202) and mails nothing twice', async () => {
    const [ingestion, , notifier] = apps.map(urlOf) as [string, string, string];
    const sub = await http('POST', `${notifier}/subscriptions`, { email: 'desk@example.org' }, auth);
    expect(sub.status).toBe(201);

    const accepted: Capital[] = [];
    const refused: Array<{ capital: string; status: number | string }> = [];
    const post = async (c: Capital) => {
      try {
        const r = await fetch(`${ingestion}/reports`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            source: 'crash-test',
            body: `Taliban fighters captured ${c.name}, the capital of ${c.province} province, on Sunday, officials said.`,
            publishedAt: '2021-08-08T10:00:00Z',
          }),
          signal: AbortSignal.timeout(20_000),
        });
        if (r.status === 202) accepted.push(c);
        else refused.push({ capital: c.name, status: r.status });
      } catch (e) {
        refused.push({ capital: c.name, status: (e as Error).name });
      }
    };

    const inflight: Promise<void>[] = [];
    let down = false;
    let postedWhileDown = 0;
    for (const [i, c] of CAPITALS.entries()) {
      if (i === KILL_AFTER) {
        broker!.kill('SIGKILL');
        await new Promise((r) => broker!.once('exit', r));
        // restart on the same directory and port while reports keep coming
        down = true;
        setTimeout(() => void spawnBroker(port).then(() => (down = false)), 1_500);
      }
      if (down) postedWhileDown++;
      inflight.push(post(c));
      await new Promise((r) => setTimeout(r, 150));
    }
    await Promise.all(inflight);
    expect(accepted.length, `refused: ${JSON.stringify(refused)}`).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(postedWhileDown).toBeGreaterThan(0);

    // "… — Kunduz — reported", "… — Aybak (Samangan) — reported"
    const mailsFor = (c: Capital) =>
      mail.messages.filter((m) => {
        const s = subjectOf(m.raw);
        return s.includes(`— ${c.name} —`) || s.includes(`— ${c.name} (`);
      });
    await waitFor(
      `a mail for each of the ${accepted.length} accepted reports`,
      () => accepted.every((c) => mailsFor(c).length >= 1),
      60_000,
    ).catch((e: Error) => {
      const missing = accepted.filter((c) => mailsFor(c).length === 0).map((c) => c.name);
      throw new Error(
        `${e.message}; missing: ${missing.join(', ')}; mails: ${mail.messages.map((m) => subjectOf(m.raw)).join(' | ')}`,
      );
    });
    await new Promise((r) => setTimeout(r, 2_000)); // a duplicate would arrive now
    const duplicates = accepted.filter((c) => mailsFor(c).length > 1).map((c) => c.name);
    expect(duplicates).toEqual([]);
    process.stdout.write(
      `broker crash: ${postedWhileDown} reports posted while the broker was down; ${accepted.length} accepted, ${refused.length} refused while it was down (${JSON.stringify(refused)}), ${mail.messages.length} mails, 0 lost, 0 duplicates\n`,
    );
  }, 120_000);
});
