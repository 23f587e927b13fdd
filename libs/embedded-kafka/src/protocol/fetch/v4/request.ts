import type { Reader } from '../../wire';

export interface FetchRequest {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: { name: string; partitions: { index: number; fetchOffset: bigint; maxBytes: number }[] }[];
}

export function decodeFetchRequest(r: Reader): FetchRequest {
  return {
    replicaId: r.int32(),
    maxWaitMs: r.int32(),
    minBytes: r.int32(),
    maxBytes: r.int32(),
    isolationLevel: r.int8(),
    topics: r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), fetchOffset: r.int64(), maxBytes: r.int32() })),
    })),
  };
}
