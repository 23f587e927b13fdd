/** Big-endian reader/writer for the non-flexible Kafka encodings we speak. */
export class Reader {
  off = 0;
  constructor(readonly buf: Buffer) {}
  int8(): number {
    const v = this.buf.readInt8(this.off);
    this.off += 1;
    return v;
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.off);
    this.off += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.off);
    this.off += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.off);
    this.off += 8;
    return v;
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new RangeError('unexpected null string');
    return s;
  }
  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    this.need(n);
    const s = this.buf.toString('utf8', this.off, this.off + n);
    this.off += n;
    return s;
  }
  bytes(): Buffer | null {
    const n = this.int32();
    if (n < 0) return null;
    this.need(n);
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  array<T>(item: (r: Reader) => T): T[] {
    const r = this.nullableArray(item);
    return r ?? [];
  }
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n < 0) return null;
    if (n > this.buf.length - this.off) throw new RangeError(`array length ${n} exceeds the request`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
  private need(n: number): void {
    if (this.off + n > this.buf.length) throw new RangeError('truncated request');
  }
}

export class Writer {
  private chunks: Buffer[] = [];
  private cur = Buffer.allocUnsafe(256);
  private pos = 0;
  private ensure(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    this.chunks.push(this.cur.subarray(0, this.pos));
    this.cur = Buffer.allocUnsafe(Math.max(256, n));
    this.pos = 0;
  }
  int8(v: number): this {
    this.ensure(1);
    this.cur.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }
  int16(v: number): this {
    this.ensure(2);
    this.cur.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }
  int32(v: number): this {
    this.ensure(4);
    this.cur.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }
  int64(v: bigint): this {
    this.ensure(8);
    this.cur.writeBigInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }
  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }
  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    this.int16(b.length);
    return this.raw(b);
  }
  bytes(b: Buffer | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    return this.raw(b);
  }
  /** Several buffers as one `bytes` field, without concatenating them (record batches). */
  bytesList(list: Buffer[]): this {
    let n = 0;
    for (const b of list) n += b.length;
    this.int32(n);
    for (const b of list) this.raw(b);
    return this;
  }
  array<T>(items: T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }
  raw(b: Buffer): this {
    if (b.length > 1024) {
      this.chunks.push(this.cur.subarray(0, this.pos), b);
      this.cur = this.cur.subarray(this.pos);
      this.pos = 0;
      if (this.cur.length < 64) this.cur = Buffer.allocUnsafe(256);
      return this;
    }
    this.ensure(b.length);
    b.copy(this.cur, this.pos);
    this.pos += b.length;
    return this;
  }
  /** The buffers, framed with the int32 size prefix. */
  frame(): Buffer[] {
    const parts = [...this.chunks, this.cur.subarray(0, this.pos)];
    let n = 0;
    for (const p of parts) n += p.length;
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(n, 0);
    return [size, ...parts];
  }
}
