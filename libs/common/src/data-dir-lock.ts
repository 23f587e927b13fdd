import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One writer per data directory, as Kafka locks its log directories: two brokers appending to one
 * log is how data is lost. Node has no flock(), so the lock is a file holding the owner's pid,
 * written whole under a private name and then hard-linked into place (link() fails if the lock
 * exists, and nobody ever sees it half-written); a lock whose process is gone on this host is stale
 * and taken over.
 */
export interface DataDirLock {
  file: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly holder: Holder,
  ) {
    super(
      `${dir} is in use by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} (${holder.command}, since ${holder.since}); stop it first or set DATA_DIR to another directory (if no such process runs, delete ${path.join(dir, '.lock')})`,
    );
  }
}

const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readHolder(file: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number'
      ? { pid: h.pid, host: h.host ?? '?', command: h.command ?? '?', since: h.since ?? '?' }
      : null;
  } catch {
    return null; // half-written or garbage: treated as stale
  }
}

/** Takes the lock of `dir` (which must exist) or throws DataDirLockedError naming the holder. */
export function lockDataDir(dir: string, command = 'watchfire'): DataDirLock {
  const file = path.join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  const mine = path.join(dir, `${LOCK_FILE}.${process.pid}`);
  writeFileSync(mine, `${JSON.stringify(me)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = readHolder(file);
        // Another host's pid cannot be checked from here: its lock stands.
        if (holder && (holder.host !== me.host || alive(holder.pid)))
          throw new DataDirLockedError(dir, holder);
        rmSync(file, { force: true }); // stale: its process is gone
        continue;
      }
      return {
        file,
        release() {
          // Only our own lock: never remove one a successor took over.
          if (readHolder(file)?.pid === process.pid) unlinkSync(file);
        },
      };
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}
