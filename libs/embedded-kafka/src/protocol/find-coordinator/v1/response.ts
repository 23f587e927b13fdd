import { Writer } from '../../wire';

export interface FindCoordinatorResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
}

export function encodeFindCoordinatorResponse(res: FindCoordinatorResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .int16(res.errorCode)
    .string(res.errorMessage)
    .int32(res.nodeId)
    .string(res.host)
    .int32(res.port);
}
