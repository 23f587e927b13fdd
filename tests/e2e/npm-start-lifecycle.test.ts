/**
 * `npm start` as operators run it: one writer per data directory, every port conflict reported at
 * once, and a stop that prints a line per component, leaves the consumer groups and can be forced.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedKafka, type EmbeddedKafka } from '@watchfire/embedded-kafka';
import { startMailCapture, type MailCapture } from '@watchfire/mail-capture';
import { spawnStart, startEnv, startUntilBanner, stopStart, type RunningStart } from '../support/npm-start';
import { http } from '../support/system';

const dir = mkdtempSync(path.join(tmpdir(), 'watchfire-lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under a directory with its size and modification time. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        out[path.relative(root, p)] = `${s.size}@${s.mtimeMs}`;
      }
    }
  };
  walk(root);
  return out;
}

describe('npm start on an external broker and SMTP server', () => {
  let broker: EmbeddedKafka;
  let smtp: MailCapture;
  let first: RunningStart;
  const dataDir = path.join(dir, 'shared');
  beforeAll(async () => {
    broker = await startEmbeddedKafka({ port: 0 });
    smtp = await startMailCapture({ port: 0 });
    first = await startUntilBanner(
      startEnv(dataDir, { KAFKA_BROKERS: broker.brokers.join(','), SMTP_URL: smtp.url }),
    );
  }, 90_000);
  afterAll(async () => {
    if (first?.child.exitCode === null) await stopStart(first);
    await smtp?.stop();
    await broker?.stop();
  });

  it('refuses a second start on the same DATA_DIR at once, naming the process that holds it, touching nothing', async () => {
    const before = snapshot(dataDir);
    expect(Object.keys(before)).toContain('.lock');
    const second = spawnStart(
      startEnv(dataDir, { KAFKA_BROKERS: broker.brokers.join(','), SMTP_URL: smtp.url }),
    );
    expect(await second.exited).toBe(2);
    expect(second.stderr().trim()).toMatch(
      new RegExp(
        `^watchfire: DATA_DIR ${dataDir} is in use by process ${first.child.pid} \\(npm start, since `,
      ),
    );
    expect(second.stderr().trim().split('\n')).toHaveLength(1);
    expect(snapshot(dataDir)).toEqual(before);
    // the first keeps running
    expect((await http('GET', `${first.urls.notifier}/health`)).status).toBe(200);
  });

  it('stops on SIGTERM with a line per component, and its consumers leave their groups', async () => {
    expect(await stopStart(first, 'SIGTERM')).toBe(0);
    const out = first.output();
    for (const name of ['ingestion', 'rules', 'notifier'])
      expect(out).toMatch(new RegExp(`^  ${name} stopped \\(\\d+ ms\\)$`, 'm'));
    expect(out).toMatch(/^stopped in \d+ ms\.$/m);
    // LeaveGroup, not a session timeout: right after the exit the broker lists no member.
    const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const { groups } = await admin.describeGroups(['watchfire-rules', 'watchfire-notifier']);
    await admin.disconnect();
    expect(groups.map((g) => [g.groupId, g.members.length])).toEqual([
      ['watchfire-rules', 0],
      ['watchfire-notifier', 0],
    ]);
    // and the lock is gone with it
    expect(Object.keys(snapshot(dataDir))).not.toContain('.lock');
  });
});

describe('npm start with ports taken', () => {
  const servers: net.Server[] = [];
  const taken: number[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const s = net.createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      servers.push(s);
      taken.push((s.address() as net.AddressInfo).port);
    }
  });
  afterAll(() => servers.forEach((s) => s.close()));

  it('reports every conflict together before starting anything', async () => {
    const dataDir = path.join(dir, 'ports');
    const p = spawnStart(
      startEnv(dataDir, { EMBEDDED_KAFKA_PORT: String(taken[0]), INGESTION_PORT: String(taken[1]) }),
    );
    expect(await p.exited).toBe(2);
    const err = p.stderr();
    expect(err).toContain('2 ports are not available');
    expect(err).toContain(
      `127.0.0.1:${taken[0]} for the embedded Kafka broker (EMBEDDED_KAFKA_PORT): already in use`,
    );
    expect(err).toContain(`127.0.0.1:${taken[1]} for ingestion (INGESTION_PORT): already in use`);
    expect(Object.keys(snapshot(dataDir))).toEqual([]); // no broker log, no token: nothing started
  });
});

describe('a second Ctrl-C', () => {
  it('forces the exit while the first is still stopping', async () => {
    const p = await startUntilBanner(startEnv(path.join(dir, 'force')));
    // The second signal goes the moment the first is acknowledged (two at once would merge into one).
    p.child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('stopping (press Ctrl-C again')) p.child.kill('SIGINT');
    });
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(130);
    expect(p.output()).toContain('SIGINT again: exiting now');
  }, 90_000);
});
