import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, waitFor } from '../support/system';

const root = path.join(__dirname, '..', '..');
const article = readFileSync(path.join(root, 'examples', 'reference-article.txt'), 'utf8');

// Known secrets: none of them may appear in any log line.
const OPERATOR_TOKEN = 'op-token-7f3a9c1e5b2d48aa9e0c';
const WRONG_TOKEN = 'wrong-token-51c0ffee9d8e7f6a';
const SMTP_PASSWORD = 'smtp-pass-Q9w8E7r6T5y4';
const SIGNING_SECRET = 'signing-secret-0a1b2c3d4e5f6789';

/** An SMTP server that requires the password (so the notifier really uses it) and keeps the mail. */
async function startAuthSmtp(): Promise<{ port: number; mails: string[]; stop: () => Promise<void> }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'watchfire' && auth.password === SMTP_PASSWORD) cb(null, { user: 'watchfire' });
      else cb(new Error('bad credentials'));
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

const tokenIn = async (raw: string, route: 'confirm' | 'unsubscribe') => {
  const m = await simpleParser(raw);
  const re = new RegExp(`/${route}\\?token=([^&\\s"<>]+)`);
  return decodeURIComponent(re.exec(`${m.text ?? ''}\n${m.html || ''}`)?.[1] ?? '');
};

describe('logs of the running system (npm start, LOG_LEVEL=debug, LOG_FORMAT=json)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'watchfire-logs-'));
  let smtp: Awaited<ReturnType<typeof startAuthSmtp>>;
  let child: ChildProcess;
  let out = '';
  const urls: Record<string, string> = {};
  const secrets: Record<string, string> = {
    OPERATOR_TOKEN,
    WRONG_TOKEN,
    SMTP_PASSWORD,
    SIGNING_SECRET,
  };
  let reportId = '';

  beforeAll(async () => {
    smtp = await startAuthSmtp();
    child = spawn(process.execPath, ['-r', './scripts/register.js', 'scripts/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        EMBEDDED_KAFKA_PORT: '0',
        INGESTION_PORT: '0',
        RULES_PORT: '0',
        NOTIFIER_PORT: '0',
        CONSOLE_PORT: '0',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        KAFKA_BROKERS: '',
        OPERATOR_TOKEN,
        SIGNING_SECRET,
        SMTP_URL: `smtp://watchfire:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(
      'the start-up banner',
      () => {
        if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${out}`);
        return out.includes('Ctrl-C stops everything') || undefined;
      },
      90_000,
    );
    for (const name of ['ingestion', 'rules', 'notifier'])
      urls[name] = new RegExp(`^\\s+${name}\\s+(http://\\S+)`, 'm').exec(out)?.[1] ?? '';
    for (const u of Object.values(urls))
      await waitFor(
        `${u}/health`,
        async () => (await http('GET', `${u}/health`)).status === 200 || undefined,
      );

    const auth = { Authorization: `Bearer ${OPERATOR_TOKEN}` };
    expect(
      (await http('GET', `${urls.rules}/rules`, undefined, { Authorization: `Bearer ${WRONG_TOKEN}` }))
        .status,
    ).toBe(401);
    expect(
      (await http('POST', `${urls.notifier}/subscriptions`, { email: 'desk@example.org' }, auth)).status,
    ).toBe(201);
    // The public flow: a confirmation link, then alert mails with unsubscribe links.
    expect((await http('POST', `${urls.notifier}/subscribe`, { email: 'reader@example.org' })).status).toBe(
      202,
    );
    await waitFor('the confirmation mail', () => smtp.mails.length >= 1 || undefined, 20_000);
    const confirm = await tokenIn(smtp.mails[0], 'confirm');
    expect(confirm.length).toBeGreaterThan(16);
    secrets.confirm = confirm;
    expect((await http('GET', `${urls.notifier}/confirm?token=${encodeURIComponent(confirm)}`)).status).toBe(
      200,
    );

    const r = await http('POST', `${urls.ingestion}/reports?source=wire`, article);
    expect(r.status).toBe(202);
    reportId = (r.body as { id: string }).id;
    await waitFor('six alert mails', () => smtp.mails.length >= 7 || undefined, 30_000);
    const unsubscribe = await tokenIn(smtp.mails.at(-1)!, 'unsubscribe');
    expect(unsubscribe.length).toBeGreaterThan(16);
    secrets.unsubscribe = unsubscribe;
    await http('GET', `${urls.notifier}/unsubscribe?token=${encodeURIComponent(unsubscribe)}`);
    await http(
      'POST',
      `${urls.notifier}/unsubscribe?token=${encodeURIComponent(unsubscribe)}`,
      'List-Unsubscribe=One-Click',
      {
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    );
    await new Promise((res) => setTimeout(res, 1_000));
    child.kill('SIGINT');
    await waitFor('a clean exit', () => (child.exitCode !== null ? true : undefined), 30_000);
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Everything but the banner (which shows the operator where things run). */
  const logLines = () => {
    const start = out.indexOf('Watchfire is running');
    const end = out.indexOf('Ctrl-C stops everything.');
    const text = start >= 0 && end > start ? out.slice(0, start) + out.slice(end) : out;
    return text.split('\n').filter((l) => l.startsWith('{'));
  };
  const records = () => logLines().map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON object per line with level, time and message', () => {
    const rs = records();
    expect(rs.length).toBeGreaterThan(20);
    for (const r of rs) {
      expect(typeof r.level).toBe('number');
      expect(typeof r.time).toBe('number');
      expect(typeof r.msg).toBe('string');
    }
  });

  it('never logs a token, a password or a signing secret', () => {
    const text = out.replace(/Watchfire is running[\s\S]*Ctrl-C stops everything\./, '');
    expect(Object.keys(secrets)).toEqual(
      expect.arrayContaining(['OPERATOR_TOKEN', 'SMTP_PASSWORD', 'confirm', 'unsubscribe']),
    );
    for (const [name, value] of Object.entries(secrets)) expect(text.includes(value), name).toBe(false);
  });

  it('one report can be followed across services by its reportId', () => {
    const mine = records().filter((r) => r.reportId === reportId);
    const contexts = new Set(mine.map((r) => r.context));
    expect(contexts).toEqual(new Set(['ReportsService', 'pipeline', 'grouping', 'dispatcher']));
    const alerts = mine.filter((r) => r.context === 'grouping');
    expect(alerts.length).toBe(3);
    for (const a of alerts) expect(a.alertId).toEqual(expect.any(String));
    // Each alert's mails carry the same alertId.
    const mailed = mine.filter((r) => r.context === 'dispatcher').map((r) => r.alertId);
    expect(new Set(mailed)).toEqual(new Set(alerts.map((a) => a.alertId)));
  });

  it('writes one access-log line per HTTP request at debug, with the route template and no query string', () => {
    const access = records().filter((r) => r.context === 'http');
    expect(access.some((r) => r.route === '/reports' && r.status === 202 && r.level === 20)).toBe(true);
    expect(access.some((r) => r.route === '/confirm' && r.path === '/confirm')).toBe(true);
    expect(access.every((r) => !String(r.path).includes('?'))).toBe(true);
  });
});
