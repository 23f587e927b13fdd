import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { crc32c } from '../protocol/record-batch/crc32c';
import { B } from '../protocol/record-batch/batch';

export interface StoredBatch {
  baseOffset: bigint;
  lastOffset: bigint;
  maxTimestamp: bigint;
  buf: Buffer;
}

/**
 * One partition's log: batches in offset order, in memory, and — with a directory — appended to
 * one file as they are (a batch is self-delimiting: 12 bytes + batchLength). Recovery reads the
 * file back and truncates a torn or corrupt tail instead of failing. Retention drops batches from
 * the front; once as many bytes were dropped as remain, the file is rewritten with what remains
 * (written aside, then renamed over it), so the disk use follows the retention too.
 */
export class PartitionLog {
  readonly batches: StoredBatch[] = [];
  nextOffset = 0n;
  logStartOffset = 0n;
  bytes = 0;
  private fd: number | null = null;
  private dirty = false;
  /** Bytes dropped by retention that the file still holds. */
  private droppedBytes = 0;

  constructor(private readonly file: string | null) {
    if (file) this.recover(file);
  }

  private recover(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    rmSync(`${file}.rewrite`, { force: true }); // a rewrite a crash interrupted: the original stands
    let valid = 0;
    if (existsSync(file)) {
      const data = readFileSync(file);
      let off = 0;
      while (off + B.headerSize <= data.length) {
        const len = data.readInt32BE(off + B.batchLength);
        const total = 12 + len;
        if (len < B.headerSize - 12 || off + total > data.length) break;
        const buf = Buffer.from(data.subarray(off, off + total));
        if (crc32c(buf, B.attributes, total) !== buf.readUInt32BE(B.crc)) break;
        this.push(buf);
        off += total;
      }
      valid = off;
    }
    // the file may start past offset 0 after a retention rewrite
    this.logStartOffset = this.batches[0]?.baseOffset ?? 0n;
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    ftruncateSync(this.fd, valid); // a torn tail after a crash is dropped, not fatal
    this.filePos = valid;
  }
  private filePos = 0;

  private push(buf: Buffer): StoredBatch {
    const baseOffset = buf.readBigInt64BE(B.baseOffset);
    const lastOffset = baseOffset + BigInt(buf.readInt32BE(B.lastOffsetDelta));
    const b = { baseOffset, lastOffset, maxTimestamp: buf.readBigInt64BE(B.maxTimestamp), buf };
    this.batches.push(b);
    this.nextOffset = lastOffset + 1n;
    this.bytes += buf.length;
    return b;
  }

  /** Assigns offsets to a batch (rewriting baseOffset; it is outside the CRC) and stores it. */
  append(batch: Buffer): StoredBatch {
    const buf = Buffer.from(batch); // own copy: the request buffer is reused
    buf.writeBigInt64BE(this.nextOffset, B.baseOffset);
    const stored = this.push(buf);
    if (this.fd !== null) {
      writeSync(this.fd, buf, 0, buf.length, this.filePos);
      this.filePos += buf.length;
      this.dirty = true;
    }
    return stored;
  }

  /** Index of the first batch that holds offsets >= offset (binary search). */
  indexFor(offset: bigint): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid].lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whole batches from offset, at most maxBytes but always at least one if any. */
  read(offset: bigint, maxBytes: number): Buffer[] {
    const out: Buffer[] = [];
    let size = 0;
    for (let i = this.indexFor(offset); i < this.batches.length; i++) {
      const b = this.batches[i].buf;
      if (out.length > 0 && size + b.length > maxBytes) break;
      out.push(b);
      size += b.length;
    }
    return out;
  }

  offsetForTimestamp(ts: bigint): bigint {
    for (const b of this.batches) if (b.maxTimestamp >= ts) return b.baseOffset;
    return this.nextOffset;
  }

  /** Drops whole batches from the front (retention), always keeping the last one (it carries the next offset). */
  retain(maxBytes: number | undefined, minTimestamp: bigint | undefined): void {
    while (this.batches.length > 1) {
      const first = this.batches[0];
      const tooBig = maxBytes !== undefined && this.bytes > maxBytes;
      const tooOld = minTimestamp !== undefined && first.maxTimestamp < minTimestamp;
      if (!tooBig && !tooOld) break;
      this.batches.shift();
      this.bytes -= first.buf.length;
      this.droppedBytes += first.buf.length;
      this.logStartOffset = first.lastOffset + 1n;
    }
    // rewriting costs what remains: only once as much was dropped, so each byte is rewritten O(1) times
    if (this.fd !== null && this.droppedBytes > 0 && this.droppedBytes >= this.bytes) this.rewrite();
  }

  private rewrite(): void {
    const file = this.file!;
    const tmp = `${file}.rewrite`;
    const fd = openSync(tmp, 'w');
    let pos = 0;
    for (const b of this.batches) {
      writeSync(fd, b.buf, 0, b.buf.length, pos);
      pos += b.buf.length;
    }
    fsyncSync(fd);
    closeSync(fd);
    closeSync(this.fd!);
    renameSync(tmp, file);
    this.fd = openSync(file, 'r+');
    this.filePos = pos;
    this.dirty = false;
    this.droppedBytes = 0;
  }

  flush(): void {
    if (this.fd !== null && this.dirty) {
      fsyncSync(this.fd);
      this.dirty = false;
    }
  }

  private syncing = false;

  /**
   * The periodic flush (the broker's tick): fsync in libuv's thread pool instead of on the event
   * loop, which under `npm start` every service shares — synchronous, it was a tenth of the
   * system's time under load (bench:e2e profile). Appends stay writeSync, so a killed process loses
   * nothing the broker acknowledged; fsync only matters if the machine itself goes down.
   */
  flushInBackground(): void {
    if (this.fd === null || !this.dirty || this.syncing) return;
    const fd = this.fd;
    this.dirty = false;
    this.syncing = true;
    fsync(fd, (err) => {
      this.syncing = false;
      if (err && this.fd === fd) this.dirty = true; // try again on the next tick
    });
  }

  close(): void {
    if (this.fd !== null) {
      this.flush();
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
