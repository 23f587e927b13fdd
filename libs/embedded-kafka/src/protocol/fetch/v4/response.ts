import { Writer } from '../../wire';

export interface FetchResponse {
  throttleTimeMs: number;
  topics: {
    name: string;
    /** records: stored record batches, written back to back as one `bytes` field without copying them together. */
    partitions: {
      index: number;
      errorCode: number;
      highWatermark: bigint;
      lastStableOffset: bigint;
      records: Buffer[];
    }[];
  }[];
}

export function encodeFetchResponse(res: FetchResponse): Writer {
  return new Writer().int32(res.throttleTimeMs).array(res.topics, (w, t) =>
    w.string(t.name).array(t.partitions, (w, p) =>
      w
        .int32(p.index)
        .int16(p.errorCode)
        .int64(p.highWatermark)
        .int64(p.lastStableOffset)
        .array(null, () => undefined)
        .bytesList(p.records),
    ),
  );
}
