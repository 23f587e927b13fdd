import type { Reader } from '../../wire';

/** topics null = every partition the group has committed. */
export interface OffsetFetchRequest {
  groupId: string;
  topics: { name: string; partitions: number[] }[] | null;
}

export function decodeOffsetFetchRequest(r: Reader): OffsetFetchRequest {
  return {
    groupId: r.string(),
    topics: r.nullableArray((r) => ({ name: r.string(), partitions: r.array((r) => r.int32()) })),
  };
}
