import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { startIngestion } from '../../apps/ingestion/src/app';
import {
  followTopic,
  startBroker,
  testConfig,
  TEST_TOKEN,
  waitFor,
  type TestBrokerLike as TestBroker,
  type TopicReader,
} from './helpers';

const root = path.resolve(__dirname, '../..');

function runImport(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', './scripts/register.js', 'scripts/import.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import against a running ingestion service', () => {
  let broker: TestBroker;
  let app: INestApplication;
  let env: Record<string, string>;
  let reports: TopicReader;
  let dir: string;
  beforeAll(async () => {
    broker = await startBroker();
    app = await startIngestion(testConfig(broker.brokers), 0, { feedsPolling: false });
    env = { INGESTION_URL: urlOf(app), OPERATOR_TOKEN: TEST_TOKEN };
    reports = await followTopic(broker.brokers, TOPICS.reports);
    dir = mkdtempSync(path.join(tmpdir(), 'wf-import-'));
  }, 60_000);
  afterAll(async () => {
    await reports?.stop();
    await app?.close();
    await broker?.stop();
  });

  it('imports NDJSON with progress and a summary, lists rejected lines, exits 1; a re-run finds duplicates and publishes nothing twice', async () => {
    const lines = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify({
        source: 'archive',
        body: `Archive report number ${i} about Herat province.`,
        publishedAt: '2021-07-09',
      }),
    );
    lines.splice(10, 0, '{"source":"archive","body":"bad date","publishedAt":"yesterday"}');
    lines.splice(50, 0, 'not json at all');
    const file = path.join(dir, 'archive.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const first = await runImport([file, '--batch-size', '25'], env);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/122 record\(s\) \(ndjson\)/);
    expect(first.stderr).toMatch(/\[#+\] 122\/122 100% [\d.]+\/s ETA 0s/);
    expect(first.stdout).toMatch(
      /^Imported 122 records in [\d.]+s: 120 accepted, 0 duplicates, 2 rejected\n/,
    );
    expect(first.stdout).toContain('line 11: publishedAt: an ISO date');
    expect(first.stdout).toMatch(/line 51: not JSON/);
    await waitFor(
      '120 reports on Kafka',
      () => reports.messages.filter((m) => m.value.source === 'archive').length >= 120 || undefined,
    );

    const again = await runImport([file], env);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/: 0 accepted, 120 duplicates, 2 rejected/);
    await new Promise((r) => setTimeout(r, 500));
    expect(reports.messages.filter((m) => m.value.source === 'archive')).toHaveLength(120);
  });

  it('imports CSV and a directory of .txt files with datelines; exit 0 when all is accepted', async () => {
    const csv = path.join(dir, 'reports.csv');
    writeFileSync(
      csv,
      'source,text,title,publishedAt\nwire,"Fighting near Farah city, officials said.",Farah,2021-07-10\nwire,"Second CSV report, with ""quotes"".",,\n',
    );
    const r = await runImport([csv], env);
    expect(r.stdout).toMatch(/2 accepted, 0 duplicates, 0 rejected/);
    expect(r.code).toBe(0);
    const txt = path.join(dir, 'field-team');
    mkdirSync(txt);
    writeFileSync(path.join(txt, 'a.txt'), 'date 2021-07-09\nHERAT — The Taliban claim Islam Qala.');
    writeFileSync(path.join(txt, 'b.txt'), 'No dateline in this field report from Kunduz.');
    writeFileSync(path.join(txt, 'c.txt'), 'date 2021-07-09\n');
    const t = await runImport([txt], env);
    expect(t.code).toBe(1);
    expect(t.stdout).toMatch(
      /2 accepted, 0 duplicates, 1 rejected\nRejected:\n {2}c\.txt: only a dateline, no text/,
    );
    const a = await waitFor(
      'a.txt report',
      () => reports.messages.find((m) => m.value.body === 'HERAT — The Taliban claim Islam Qala.')?.value,
    );
    expect(a).toMatchObject({ source: 'field-team', publishedAt: '2021-07-09T00:00:00.000Z' });
  });

  it('exits 2 on usage errors', async () => {
    expect((await runImport([], env)).code).toBe(2);
    expect((await runImport([path.join(dir, 'missing.ndjson')], env)).code).toBe(2);
    expect((await runImport([path.join(dir, 'reports.csv'), '--batch-size', '0'], env)).code).toBe(2);
  });
});
