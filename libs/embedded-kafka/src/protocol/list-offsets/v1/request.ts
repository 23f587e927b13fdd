import type { Reader } from '../../wire';

/** timestamp -2 = earliest, -1 = latest. */
export interface ListOffsetsRequest {
  replicaId: number;
  topics: { name: string; partitions: { index: number; timestamp: bigint }[] }[];
}

export function decodeListOffsetsRequest(r: Reader): ListOffsetsRequest {
  return {
    replicaId: r.int32(),
    topics: r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), timestamp: r.int64() })),
    })),
  };
}
