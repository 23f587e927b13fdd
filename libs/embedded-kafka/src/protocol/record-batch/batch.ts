import { crc32c } from './crc32c';

/** Offsets inside a RecordBatch v2 header (KIP-98). */
export const B = {
  baseOffset: 0,
  batchLength: 8,
  leaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
  headerSize: 61,
} as const;

export interface BatchInfo {
  buf: Buffer;
  lastOffsetDelta: number;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export class BatchError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits a produce request's records into batches, checking magic and CRC only: the broker stores
 * batches as opaque bytes (compression is the clients' business) and just rewrites baseOffset.
 */
export function splitBatches(records: Buffer): BatchInfo[] {
  const out: BatchInfo[] = [];
  let off = 0;
  while (off < records.length) {
    if (records.length - off < B.headerSize) throw new BatchError(2, 'truncated record batch');
    const len = records.readInt32BE(off + B.batchLength);
    const total = 12 + len;
    if (len < B.headerSize - 12 || off + total > records.length)
      throw new BatchError(2, 'record batch length out of range');
    const buf = records.subarray(off, off + total);
    if (buf.readInt8(B.magic) !== 2) throw new BatchError(2, 'only message format v2 (magic 2) is supported');
    if (crc32c(buf, B.attributes, total) !== buf.readUInt32BE(B.crc))
      throw new BatchError(2, 'record batch CRC mismatch');
    out.push({
      buf,
      lastOffsetDelta: buf.readInt32BE(B.lastOffsetDelta),
      maxTimestamp: buf.readBigInt64BE(B.maxTimestamp),
      producerId: buf.readBigInt64BE(B.producerId),
      producerEpoch: buf.readInt16BE(B.producerEpoch),
      baseSequence: buf.readInt32BE(B.baseSequence),
      recordCount: buf.readInt32BE(B.recordCount),
    });
    off += total;
  }
  return out;
}
