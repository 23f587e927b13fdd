import { Writer } from '../../wire';

export interface SyncGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  assignment: Buffer;
}

export function encodeSyncGroupResponse(res: SyncGroupResponse): Writer {
  return new Writer().int32(res.throttleTimeMs).int16(res.errorCode).bytes(res.assignment);
}
