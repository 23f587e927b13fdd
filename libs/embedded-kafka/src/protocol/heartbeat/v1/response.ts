import { Writer } from '../../wire';

export interface HeartbeatResponse {
  throttleTimeMs: number;
  errorCode: number;
}

export function encodeHeartbeatResponse(res: HeartbeatResponse): Writer {
  return new Writer().int32(res.throttleTimeMs).int16(res.errorCode);
}
