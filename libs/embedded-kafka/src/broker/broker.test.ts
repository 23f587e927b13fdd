import { describe, expect, it } from 'vitest';
import { B } from '../protocol/record-batch/batch';
import { crc32c } from '../protocol/record-batch/crc32c';
import { handBatch } from '../protocol/record-batch/hand-batch.fixture';
import { Reader, Writer } from '../protocol/wire';
import { Broker, type RequestHeader } from './broker';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const frameOf = (w: Writer) => Buffer.concat(w.frame());

describe('request handling', () => {
  const header = (apiKey: number, apiVersion: number): RequestHeader => ({
    apiKey,
    apiVersion,
    correlationId: 7,
    clientId: 'test',
    clientHost: '127.0.0.1',
  });
  const broker = new Broker({
    nodeId: 0,
    host: '127.0.0.1',
    port: 9092,
    defaultPartitions: 1,
    autoCreateTopics: true,
    maxMessageBytes: 1 << 20,
    groupInitialRebalanceDelayMs: 0,
    groupMinSessionTimeoutMs: 1000,
    groupMaxSessionTimeoutMs: 300000,
  });

  it("answers librdkafka's ApiVersions v3 with error 35 and the v0-format list", async () => {
    const body = frameOf((await broker.handle(header(18, 3), new Reader(hex('00'))))!).subarray(4); // v3's flexible body is not read
    expect(body.readInt16BE(0)).toBe(35);
    const n = body.readInt32BE(2);
    expect(n).toBe(19);
    expect(body.length).toBe(2 + 4 + n * 6); // no throttle time in v0
    expect(body.subarray(6, 12).toString('hex')).toBe('000000000003'); // Produce: 0..3
  });

  it('acknowledges a replayed idempotent batch with its original offset and refuses a sequence gap', async () => {
    const batch = (seq: number) => {
      const b = handBatch();
      b.writeBigInt64BE(4242n, B.producerId);
      b.writeInt16BE(0, B.producerEpoch);
      b.writeInt32BE(seq, B.baseSequence);
      b.writeUInt32BE(crc32c(b, B.attributes), B.crc);
      return b;
    };
    const produce = async (records: Buffer) => {
      const req = new Writer()
        .string(null)
        .int16(-1)
        .int32(1000)
        .array([0], (w) => w.string('idem').array([0], (w) => w.int32(0).bytes(records)));
      const res = await broker.handle(header(0, 3), new Reader(frameOf(req).subarray(4)));
      const r = new Reader(frameOf(res!).subarray(4));
      const [t] = r.array((r) => ({
        name: r.string(),
        parts: r.array((r) => ({ p: r.int32(), error: r.int16(), offset: r.int64(), t: r.int64() })),
      }));
      return t.parts[0];
    };
    broker.createTopic('idem', 1);
    expect(await produce(batch(0))).toMatchObject({ error: 0, offset: 0n });
    expect(await produce(batch(1))).toMatchObject({ error: 0, offset: 1n });
    expect(await produce(batch(1))).toMatchObject({ error: 0, offset: 1n }); // retry of a written batch
    expect(await produce(batch(5))).toMatchObject({ error: 45 });
    expect(broker.topics.get('idem')!.partitions[0].nextOffset).toBe(2n);
    broker.close();
  });
});
