import { Writer } from '../../wire';

export interface DeleteTopicsResponse {
  throttleTimeMs: number;
  topics: { name: string; errorCode: number }[];
}

export function encodeDeleteTopicsResponse(res: DeleteTopicsResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .array(res.topics, (w, t) => w.string(t.name).int16(t.errorCode));
}
