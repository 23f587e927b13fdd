import type { Reader } from '../../wire';

export interface LeaveGroupRequest {
  groupId: string;
  memberId: string;
}

export function decodeLeaveGroupRequest(r: Reader): LeaveGroupRequest {
  return { groupId: r.string(), memberId: r.string() };
}
