import { Writer } from '../../wire';

export interface ProduceResponse {
  topics: {
    name: string;
    partitions: { index: number; errorCode: number; baseOffset: bigint; logAppendTimeMs: bigint }[];
  }[];
  throttleTimeMs: number;
}

export function encodeProduceResponse(res: ProduceResponse): Writer {
  return new Writer()
    .array(res.topics, (w, t) =>
      w
        .string(t.name)
        .array(t.partitions, (w, p) =>
          w.int32(p.index).int16(p.errorCode).int64(p.baseOffset).int64(p.logAppendTimeMs),
        ),
    )
    .int32(res.throttleTimeMs);
}
