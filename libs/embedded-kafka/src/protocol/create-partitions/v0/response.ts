import { Writer } from '../../wire';

export interface CreatePartitionsResponse {
  throttleTimeMs: number;
  topics: { name: string; errorCode: number; errorMessage: string | null }[];
}

export function encodeCreatePartitionsResponse(res: CreatePartitionsResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .array(res.topics, (w, t) => w.string(t.name).int16(t.errorCode).string(t.errorMessage));
}
