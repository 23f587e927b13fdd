import type { Reader } from '../../wire';

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
}

export function decodeHeartbeatRequest(r: Reader): HeartbeatRequest {
  return { groupId: r.string(), generationId: r.int32(), memberId: r.string() };
}
