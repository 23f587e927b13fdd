import { Writer } from '../../wire';

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[];
  /** Written for v1 and v2 only; an unsupported version is answered in the v0 format, without it. */
  throttleTimeMs?: number;
}

export function encodeApiVersionsResponse(res: ApiVersionsResponse): Writer {
  const w = new Writer().int16(res.errorCode).array(res.apiKeys, (w, a) => w.int16(a.apiKey).int16(a.minVersion).int16(a.maxVersion));
  return res.throttleTimeMs === undefined ? w : w.int32(res.throttleTimeMs);
}
