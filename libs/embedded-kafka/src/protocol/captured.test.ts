/**
 * Requests captured from kcat (librdkafka 2.0, an encoder independent of kafkajs) on their way to
 * the broker: src/protocol/<api>/v<N>/fixtures/request.kcat.hex, written by
 * `node -r ./scripts/register.js libs/embedded-kafka/scripts/capture-fixtures.ts` (header and body,
 * no size prefix). Each is decoded the way the server does — the request header, then the body with
 * the codec the registry lists for its API and version — and must give the values below, read off
 * the bytes by hand, with every byte consumed. The member id is the one the broker handed out in
 * that capture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitBatches } from './record-batch/batch';
import { API_BY_KEY, announcedVersions, decodeRequestHeader, dispatch, type ApiHandlers } from './index';
import { Reader } from './wire';

const MEMBER = 'rdkafka-fd6d437a-f7be-4899-8282-b4693e22c362';
const GROUP = 'capture-group';

/** fixture file (under src/protocol) -> [api key, version, correlation id, decoded body] */
const captured: Record<string, [number, number, number, unknown]> = {
  'api-versions/v0/fixtures/request.kcat.hex': [18, 0, 2, {}],
  'metadata/v4/fixtures/request.kcat.hex': [3, 4, 3, { topics: [], allowAutoTopicCreation: false }], // the brokers-only request librdkafka opens with
  'produce/v3/fixtures/request.kcat.hex': [
    0,
    3,
    4,
    {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topics: [{ name: 'captured', partitions: [{ index: 0, records: expect.any(Buffer) }] }],
    },
  ],
  'fetch/v4/fixtures/request.kcat.hex': [
    1,
    4,
    6,
    // librdkafka asks for read_committed (1); there are no transactions here, so it reads the same
    {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 52428800,
      isolationLevel: 1,
      topics: [{ name: 'captured', partitions: [{ index: 0, fetchOffset: 0n, maxBytes: 1048576 }] }],
    },
  ],
  'list-offsets/v1/fixtures/request.kcat.hex': [
    2,
    1,
    5,
    { replicaId: -1, topics: [{ name: 'captured', partitions: [{ index: 0, timestamp: -2n }] }] },
  ],
  'find-coordinator/v1/fixtures/request.kcat.hex': [10, 1, 4, { key: GROUP, keyType: 0 }],
  'join-group/v2/fixtures/request.kcat.hex': [
    11,
    2,
    4,
    {
      groupId: GROUP,
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 300000,
      memberId: '',
      protocolType: 'consumer',
      // ConsumerProtocolSubscription v1: version, topics ["captured"], user data (empty), owned partitions []
      protocols: ['range', 'roundrobin'].map((name) => ({
        name,
        metadata: Buffer.from('0001000000010008636170747572656400000000' + '00000000', 'hex'),
      })),
    },
  ],
  'sync-group/v1/fixtures/request.kcat.hex': [
    14,
    1,
    6,
    // ConsumerProtocolAssignment v0: version, [captured: [0]], user data (empty)
    {
      groupId: GROUP,
      generationId: 1,
      memberId: MEMBER,
      assignments: [
        {
          memberId: MEMBER,
          assignment: Buffer.from(
            '0000' + '00000001000863617074757265640000000100000000' + '00000000',
            'hex',
          ),
        },
      ],
    },
  ],
  'heartbeat/v1/fixtures/request.kcat.hex': [12, 1, 7, { groupId: GROUP, generationId: 1, memberId: MEMBER }],
  'offset-commit/v2/fixtures/request.kcat.hex': [
    8,
    2,
    10,
    {
      groupId: GROUP,
      generationId: 1,
      memberId: MEMBER,
      retentionTimeMs: -1n,
      topics: [{ name: 'captured', partitions: [{ index: 0, offset: 1n, metadata: '' }] }],
    },
  ],
  'offset-fetch/v2/fixtures/request.kcat.hex': [
    9,
    2,
    8,
    { groupId: GROUP, topics: [{ name: 'captured', partitions: [0] }] },
  ],
  'leave-group/v1/fixtures/request.kcat.hex': [13, 1, 11, { groupId: GROUP, memberId: MEMBER }],
};

const read = (file: string) =>
  Buffer.from(readFileSync(path.join(__dirname, file), 'utf8').replace(/\s+/g, ''), 'hex');

describe('requests captured from kcat (librdkafka)', () => {
  it('has an expectation for every captured fixture', () => {
    const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.kcat\.hex$/.test(f) && !f.includes('request.v3.'))
      .map((f) => f.split(path.sep).join('/'));
    expect(files.sort()).toEqual(Object.keys(captured).sort());
  });

  for (const [file, [apiKey, apiVersion, correlationId, body]] of Object.entries(captured)) {
    it(`${file}: header and body decode to what kcat sent`, () => {
      const r = new Reader(read(file));
      expect(decodeRequestHeader(r, '127.0.0.1')).toEqual({
        apiKey,
        apiVersion,
        correlationId,
        clientId: 'rdkafka',
        clientHost: '127.0.0.1',
      });
      const codec = API_BY_KEY.get(apiKey)!.versions.get(apiVersion)!;
      expect(codec.decodeRequest(r)).toEqual(body);
      expect(r.off, 'every byte read').toBe(r.buf.length);
    });
  }

  it("produce/v3: kcat's record batch is passed on whole (CRC-32C checked), a non-idempotent producer's", () => {
    const r = new Reader(read('produce/v3/fixtures/request.kcat.hex'));
    decodeRequestHeader(r, '');
    const req = API_BY_KEY.get(0)!.versions.get(3)!.decodeRequest(r) as {
      topics: { partitions: { records: Buffer }[] }[];
    };
    const batches = splitBatches(req.topics[0].partitions[0].records);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      recordCount: 1,
      lastOffsetDelta: 0,
      producerId: -1n,
      producerEpoch: -1,
      baseSequence: -1,
      maxTimestamp: 1795491742688n /* 2026-11-24T03:42:22.688Z, the capture */,
    });
    expect(batches[0].buf.subarray(-9).toString('hex')).toBe('10000000026b027600'); // the record: key "k", value "v", no headers
  });

  it('api-versions: librdkafka opens with a flexible v3 request, answered in the v0 format with UNSUPPORTED_VERSION (KIP-511)', async () => {
    const r = new Reader(read('api-versions/v0/fixtures/request.v3.kcat.hex'));
    const h = decodeRequestHeader(r, '127.0.0.1'); // header v2: v1's fields, then tagged fields (the body's first byte)
    expect(h).toEqual({
      apiKey: 18,
      apiVersion: 3,
      correlationId: 1,
      clientId: 'rdkafka',
      clientHost: '127.0.0.1',
    });
    // tagged fields 0, client software name "librdkafka", version "2.0.2" (compact strings), tagged fields 0
    expect(r.buf.subarray(r.off).toString('hex')).toBe(
      '00' +
        '0b' +
        Buffer.from('librdkafka').toString('hex') +
        '06' +
        Buffer.from('2.0.2').toString('hex') +
        '00',
    );
    const res = await dispatch({} as ApiHandlers, h, r);
    const body = Buffer.concat(res!.frame()).subarray(4);
    const list = announcedVersions();
    expect(body.readInt16BE(0)).toBe(35);
    expect(body.readInt32BE(2)).toBe(list.length);
    expect(body.length).toBe(2 + 4 + 6 * list.length); // v0: no throttle time
  });
});
