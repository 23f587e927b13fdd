import { Writer } from '../../wire';

export interface ApiVersionsResponseV0 {
  errorCode: number;
  apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[];
}

/** Also the answer to a version this broker does not know (KIP-511): error 35 and the list, in this format. */
export function encodeApiVersionsResponseV0(res: ApiVersionsResponseV0): Writer {
  return new Writer()
    .int16(res.errorCode)
    .array(res.apiKeys, (w, a) => w.int16(a.apiKey).int16(a.minVersion).int16(a.maxVersion));
}
