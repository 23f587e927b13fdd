import type { Reader } from '../../wire';

export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  retentionTimeMs: bigint;
  topics: { name: string; partitions: { index: number; offset: bigint; metadata: string | null }[] }[];
}

export function decodeOffsetCommitRequest(r: Reader): OffsetCommitRequest {
  return {
    groupId: r.string(),
    generationId: r.int32(),
    memberId: r.string(),
    retentionTimeMs: r.int64(),
    topics: r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), offset: r.int64(), metadata: r.nullableString() })),
    })),
  };
}
