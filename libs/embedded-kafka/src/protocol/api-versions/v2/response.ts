import type { ApiVersionsResponseV0 } from '../v0/response';
import { encodeApiVersionsResponseV0 } from '../v0/response';
import type { Writer } from '../../wire';

/** v1 and v2: v0's fields, then the throttle time. */
export interface ApiVersionsResponse extends ApiVersionsResponseV0 {
  throttleTimeMs: number;
}

export function encodeApiVersionsResponse(res: ApiVersionsResponse): Writer {
  return encodeApiVersionsResponseV0(res).int32(res.throttleTimeMs);
}
