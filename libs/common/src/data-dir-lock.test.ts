import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

describe('the data directory lock', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'watchfire-lock-'));
  afterEach(() => rmSync(path.join(dir, '.lock'), { force: true }));

  it('lets one holder in and names it to the next', () => {
    const lock = lockDataDir(dir, 'first');
    expect(() => lockDataDir(dir, 'second')).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir, 'second')).toThrow(`is in use by process ${process.pid} (first, since `);
    lock.release();
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    lockDataDir(dir, 'second').release();
    expect(readdirSync(dir)).toEqual([]); // no private temp files left behind
  });

  it('takes over the lock of a process that is gone', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its pid is free
    writeFileSync(
      path.join(dir, '.lock'),
      JSON.stringify({ pid: dead, host: hostname(), command: 'old', since: 'then' }),
    );
    const lock = lockDataDir(dir, 'new');
    expect(() => lockDataDir(dir, 'third')).toThrow(`process ${process.pid} (new,`);
    lock.release();
  });

  it("keeps another host's lock, whose process it cannot check", () => {
    writeFileSync(
      path.join(dir, '.lock'),
      JSON.stringify({ pid: 1, host: 'elsewhere', command: 'npm start', since: 'then' }),
    );
    expect(() => lockDataDir(dir)).toThrow('is in use by process 1 on elsewhere (npm start, since then)');
  });
});
