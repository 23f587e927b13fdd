import { Writer } from '../../wire';

export interface LeaveGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
}

export function encodeLeaveGroupResponse(res: LeaveGroupResponse): Writer {
  return new Writer().int32(res.throttleTimeMs).int16(res.errorCode);
}
