import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handBatch } from '../protocol/record-batch/hand-batch.fixture';
import { PartitionLog } from './partition-log';

describe('partition log on disk', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fileIn = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'wf-log-'));
    dirs.push(d);
    return path.join(d, 'p0', 'log');
  };

  it('rewrites the file once retention dropped as much as remains, and restarts from what remains', () => {
    const file = fileIn();
    const log = new PartitionLog(file);
    for (let i = 0; i < 10; i++) log.append(handBatch());
    const one = handBatch().length;
    expect(statSync(file).size).toBe(10 * one);
    log.retain(4 * one, undefined); // 6 dropped >= 4 kept: rewritten
    expect([log.logStartOffset, log.nextOffset, log.batches.length]).toEqual([6n, 10n, 4]);
    expect(statSync(file).size).toBe(4 * one);
    log.append(handBatch());
    log.close();

    const again = new PartitionLog(file);
    expect([again.logStartOffset, again.nextOffset, again.batches.length]).toEqual([6n, 11n, 5]);
    expect(again.read(6n, 1 << 20).length).toBe(5);
    again.close();
  });

  it('keeps the file while less was dropped than remains', () => {
    const file = fileIn();
    const log = new PartitionLog(file);
    for (let i = 0; i < 10; i++) log.append(handBatch());
    const one = handBatch().length;
    log.retain(8 * one, undefined); // 2 dropped < 8 kept
    expect(statSync(file).size).toBe(10 * one);
    expect(log.logStartOffset).toBe(2n);
    log.close();
  });
});
