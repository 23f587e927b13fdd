import { Writer } from '../../wire';

/** offset -1 = nothing committed. */
export interface OffsetFetchResponse {
  topics: {
    name: string;
    partitions: { index: number; offset: bigint; metadata: string; errorCode: number }[];
  }[];
  errorCode: number;
}

export function encodeOffsetFetchResponse(res: OffsetFetchResponse): Writer {
  return new Writer()
    .array(res.topics, (w, t) =>
      w
        .string(t.name)
        .array(t.partitions, (w, p) =>
          w.int32(p.index).int64(p.offset).string(p.metadata).int16(p.errorCode),
        ),
    )
    .int16(res.errorCode);
}
