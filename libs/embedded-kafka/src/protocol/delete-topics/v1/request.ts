import type { Reader } from '../../wire';

export interface DeleteTopicsRequest {
  topics: string[];
  timeoutMs: number;
}

export function decodeDeleteTopicsRequest(r: Reader): DeleteTopicsRequest {
  return { topics: r.array((r) => r.string()), timeoutMs: r.int32() };
}
