import { Writer } from '../../wire';

export interface MetadataResponse {
  throttleTimeMs: number;
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  clusterId: string | null;
  controllerId: number;
  topics: {
    errorCode: number;
    name: string;
    isInternal: boolean;
    partitions: { errorCode: number; index: number; leader: number; replicas: number[]; isr: number[] }[];
  }[];
}

export function encodeMetadataResponse(res: MetadataResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .array(res.brokers, (w, b) => w.int32(b.nodeId).string(b.host).int32(b.port).string(b.rack))
    .string(res.clusterId)
    .int32(res.controllerId)
    .array(res.topics, (w, t) =>
      w
        .int16(t.errorCode)
        .string(t.name)
        .bool(t.isInternal)
        .array(t.partitions, (w, p) =>
          w
            .int16(p.errorCode)
            .int32(p.index)
            .int32(p.leader)
            .array(p.replicas, (w, n) => w.int32(n))
            .array(p.isr, (w, n) => w.int32(n)),
        ),
    );
}
