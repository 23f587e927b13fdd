import type { Reader } from '../../wire';

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
}

export function decodeJoinGroupRequest(r: Reader): JoinGroupRequest {
  return {
    groupId: r.string(),
    sessionTimeoutMs: r.int32(),
    rebalanceTimeoutMs: r.int32(),
    memberId: r.string(),
    protocolType: r.string(),
    protocols: r.array((r) => ({ name: r.string(), metadata: r.bytes() ?? Buffer.alloc(0) })),
  };
}
