import type { Reader } from '../../wire';

export interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

export function decodeProduceRequest(r: Reader): ProduceRequest {
  return {
    transactionalId: r.nullableString(),
    acks: r.int16(),
    timeoutMs: r.int32(),
    topics: r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), records: r.bytes() })),
    })),
  };
}
