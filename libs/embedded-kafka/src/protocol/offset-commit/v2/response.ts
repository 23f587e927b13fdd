import { Writer } from '../../wire';

export interface OffsetCommitResponse {
  topics: { name: string; partitions: { index: number; errorCode: number }[] }[];
}

export function encodeOffsetCommitResponse(res: OffsetCommitResponse): Writer {
  return new Writer().array(res.topics, (w, t) =>
    w.string(t.name).array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode)),
  );
}
