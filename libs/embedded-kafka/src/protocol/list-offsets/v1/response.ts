import { Writer } from '../../wire';

export interface ListOffsetsResponse {
  topics: {
    name: string;
    partitions: { index: number; errorCode: number; timestamp: bigint; offset: bigint }[];
  }[];
}

export function encodeListOffsetsResponse(res: ListOffsetsResponse): Writer {
  return new Writer().array(res.topics, (w, t) =>
    w
      .string(t.name)
      .array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode).int64(p.timestamp).int64(p.offset)),
  );
}
