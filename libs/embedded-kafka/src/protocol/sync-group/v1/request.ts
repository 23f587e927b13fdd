import type { Reader } from '../../wire';

/** assignments: sent by the leader only. */
export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

export function decodeSyncGroupRequest(r: Reader): SyncGroupRequest {
  return {
    groupId: r.string(),
    generationId: r.int32(),
    memberId: r.string(),
    assignments: r.array((r) => ({ memberId: r.string(), assignment: r.bytes() ?? Buffer.alloc(0) })),
  };
}
