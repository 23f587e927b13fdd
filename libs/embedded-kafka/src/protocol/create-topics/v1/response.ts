import { Writer } from '../../wire';

export interface CreateTopicsResponse {
  topics: { name: string; errorCode: number; errorMessage: string | null }[];
}

export function encodeCreateTopicsResponse(res: CreateTopicsResponse): Writer {
  return new Writer().array(res.topics, (w, t) => w.string(t.name).int16(t.errorCode).string(t.errorMessage));
}
