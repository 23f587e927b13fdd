import { describe, expect, it } from 'vitest';
import { B, BatchError, splitBatches } from './batch';
import { Broker, type RequestHeader } from './broker';
import { crc32c } from './crc32c';
import { handBatch } from './hand-batch.fixture';
import { Reader, Writer } from '../protocol/wire';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const frameOf = (w: Writer) => Buffer.concat(w.frame());

describe('wire primitives', () => {
  it('encodes big-endian integers, strings, nullable strings, bytes and arrays byte for byte', () => {
    const w = new Writer().int8(-1).int16(0x0102).int32(-2).int64(0x0102030405060708n).string('hi').string(null).bytes(Buffer.from([9])).bytes(null).array([1, 2], (w, v) => w.int16(v)).array(null, () => undefined);
    expect(frameOf(w).toString('hex')).toBe(
      '0000002a' + 'ff' + '0102' + 'fffffffe' + '0102030405060708' + '00026869' + 'ffff' + '0000000109' + 'ffffffff' + '0000000200010002' + 'ffffffff',
    );
    const r = new Reader(frameOf(w).subarray(4));
    expect([r.int8(), r.int16(), r.int32(), r.int64(), r.string(), r.nullableString(), r.bytes(), r.bytes(), r.array((r) => r.int16()), r.nullableArray((r) => r.int16())]).toEqual([
      -1, 0x0102, -2, 0x0102030405060708n, 'hi', null, Buffer.from([9]), null, [1, 2], null,
    ]);
  });
  it('refuses lengths that run past the request', () => {
    expect(() => new Reader(hex('00050102')).string()).toThrow(RangeError);
    expect(() => new Reader(hex('7fffffff')).array((r) => r.int8())).toThrow(RangeError);
  });
});

describe('CRC-32C', () => {
  it('matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789')).toString(16)).toBe('e3069283');
    expect(crc32c(Buffer.alloc(32)).toString(16)).toBe('8a9136aa'); // RFC 3720 B.4: 32 bytes of zeros
  });
});

describe('record batches', () => {
  it('accepts a well-formed v2 batch and reads its header', () => {
    const [b] = splitBatches(handBatch());
    expect(b).toMatchObject({ recordCount: 1, lastOffsetDelta: 0, producerId: -1n, baseSequence: -1 });
  });
  it('answers CORRUPT_MESSAGE for a flipped byte, a wrong magic or a torn batch', () => {
    const flipped = handBatch();
    flipped[flipped.length - 2] ^= 0xff;
    const magic = handBatch();
    magic[B.magic] = 1;
    for (const bad of [flipped, magic, handBatch().subarray(0, 40)]) {
      expect(() => splitBatches(bad)).toThrow(BatchError);
      try { splitBatches(bad); } catch (e) { expect((e as BatchError).code).toBe(2); }
    }
  });
});

describe('request handling', () => {
  const header = (apiKey: number, apiVersion: number): RequestHeader => ({ apiKey, apiVersion, correlationId: 7, clientId: 'test', clientHost: '127.0.0.1' });
  const broker = new Broker({ nodeId: 0, host: '127.0.0.1', port: 9092, defaultPartitions: 1, autoCreateTopics: true, maxMessageBytes: 1 << 20, groupInitialRebalanceDelayMs: 0, groupMinSessionTimeoutMs: 1000, groupMaxSessionTimeoutMs: 300000 });

  it('answers librdkafka\'s ApiVersions v3 with error 35 and the v0-format list', async () => {
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
      const req = new Writer().string(null).int16(-1).int32(1000).array([0], (w) => w.string('idem').array([0], (w) => w.int32(0).bytes(records)));
      const res = await broker.handle(header(0, 3), new Reader(frameOf(req).subarray(4)));
      const r = new Reader(frameOf(res!).subarray(4));
      const [t] = r.array((r) => ({ name: r.string(), parts: r.array((r) => ({ p: r.int32(), error: r.int16(), offset: r.int64(), t: r.int64() })) }));
      return t!.parts[0]!;
    };
    broker.createTopic('idem', 1);
    expect(await produce(batch(0))).toMatchObject({ error: 0, offset: 0n });
    expect(await produce(batch(1))).toMatchObject({ error: 0, offset: 1n });
    expect(await produce(batch(1))).toMatchObject({ error: 0, offset: 1n }); // retry of a written batch
    expect(await produce(batch(5))).toMatchObject({ error: 45 });
    expect(broker.topics.get('idem')!.partitions[0]!.nextOffset).toBe(2n);
    broker.close();
  });
});
