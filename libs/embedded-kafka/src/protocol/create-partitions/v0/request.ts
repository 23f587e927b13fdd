import type { Reader } from '../../wire';

/** count: the new total number of partitions. */
export interface CreatePartitionsRequest {
  topics: { name: string; count: number; assignments: number[][] | null }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export function decodeCreatePartitionsRequest(r: Reader): CreatePartitionsRequest {
  return {
    topics: r.array((r) => ({
      name: r.string(),
      count: r.int32(),
      assignments: r.nullableArray((r) => r.array((r) => r.int32())),
    })),
    timeoutMs: r.int32(),
    validateOnly: r.bool(),
  };
}
