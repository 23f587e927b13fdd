/**
 * Byte fixtures for every API this broker speaks, kept beside the codecs
 * (src/protocol/<api>/v<N>/fixtures/{request,response}.hex):
 * - the request bytes are what kafkajs's own encoder writes for the given arguments; our decoder
 *   must read those arguments back and consume every byte;
 * - the response bytes are what our encoder writes; kafkajs's own decoder must read them back.
 * Regenerate after a deliberate change with UPDATE_FIXTURES=1 and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as P from './index';
import { Reader, type Writer } from './wire';

type Decoder = (r: Reader) => unknown;
interface Case {
  dir: string;
  /** kafkajs's folder for the same API and version. */
  kafkajs: string;
  args: Record<string, unknown>;
  decode: Decoder;
  decoded: unknown;
  encode: () => Writer;
  /** What kafkajs's decoder must see in our response. */
  seen: Record<string, unknown>;
}

const KAFKAJS = path.join(__dirname, '../../../../node_modules/kafkajs/src/protocol/requests');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajs = (p: string) => require(path.join(KAFKAJS, p));
const Long = kafkajs('../../utils/long');
const buf = (s: string) => Buffer.from(s);

const cases: Case[] = [
  {
    dir: 'api-versions/v2', kafkajs: 'apiVersions/v2', args: {}, decode: () => P.decodeApiVersionsRequest(), decoded: {},
    encode: () => P.encodeApiVersionsResponse({ errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 3 }, { apiKey: 1, minVersion: 0, maxVersion: 4 }], throttleTimeMs: 0 }),
    seen: { errorCode: 0, apiVersions: [{ apiKey: 0, minVersion: 0, maxVersion: 3 }, { apiKey: 1, minVersion: 0, maxVersion: 4 }] },
  },
  {
    dir: 'metadata/v4', kafkajs: 'metadata/v4', args: { topics: ['alerts', 'reports'], allowAutoTopicCreation: false },
    decode: P.decodeMetadataRequest, decoded: { topics: ['alerts', 'reports'], allowAutoTopicCreation: false },
    encode: () => P.encodeMetadataResponse({
      throttleTimeMs: 0, brokers: [{ nodeId: 0, host: '127.0.0.1', port: 9092, rack: null }], clusterId: 'watchfire-embedded', controllerId: 0,
      topics: [{ errorCode: 0, name: 'alerts', isInternal: false, partitions: [{ errorCode: 0, index: 0, leader: 0, replicas: [0], isr: [0] }] }],
    }),
    seen: { brokers: [{ nodeId: 0, host: '127.0.0.1', port: 9092 }], clusterId: 'watchfire-embedded', controllerId: 0, topicMetadata: [{ topicErrorCode: 0, topic: 'alerts', partitionMetadata: [{ partitionId: 0, leader: 0, replicas: [0], isr: [0] }] }] },
  },
  {
    dir: 'fetch/v4', kafkajs: 'fetch/v4',
    args: { replicaId: -1, maxWaitTime: 250, minBytes: 1, maxBytes: 10485760, isolationLevel: 0, topics: [{ topic: 'reports', partitions: [{ partition: 2, fetchOffset: '42', maxBytes: 1048576 }] }] },
    decode: P.decodeFetchRequest,
    decoded: { replicaId: -1, maxWaitMs: 250, minBytes: 1, maxBytes: 10485760, isolationLevel: 0, topics: [{ name: 'reports', partitions: [{ index: 2, fetchOffset: 42n, maxBytes: 1048576 }] }] },
    encode: () => P.encodeFetchResponse({ throttleTimeMs: 0, topics: [{ name: 'reports', partitions: [{ index: 2, errorCode: 0, highWatermark: 42n, lastStableOffset: 42n, records: [] }] }] }),
    seen: { throttleTime: 0, responses: [{ topicName: 'reports', partitions: [{ partition: 2, errorCode: 0, highWatermark: '42', lastStableOffset: '42', messages: [] }] }] },
  },
  {
    dir: 'list-offsets/v1', kafkajs: 'listOffsets/v1', args: { replicaId: -1, topics: [{ topic: 'reports', partitions: [{ partition: 0, timestamp: -2 }] }] },
    decode: P.decodeListOffsetsRequest, decoded: { replicaId: -1, topics: [{ name: 'reports', partitions: [{ index: 0, timestamp: -2n }] }] },
    encode: () => P.encodeListOffsetsResponse({ topics: [{ name: 'reports', partitions: [{ index: 0, errorCode: 0, timestamp: -1n, offset: 7n }] }] }),
    seen: { responses: [{ topic: 'reports', partitions: [{ partition: 0, errorCode: 0, offset: '7' }] }] },
  },
  {
    dir: 'find-coordinator/v1', kafkajs: 'findCoordinator/v1', args: { coordinatorKey: 'rules', coordinatorType: 0 },
    decode: P.decodeFindCoordinatorRequest, decoded: { key: 'rules', keyType: 0 },
    encode: () => P.encodeFindCoordinatorResponse({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '127.0.0.1', port: 9092 }),
    seen: { errorCode: 0, coordinator: { nodeId: 0, host: '127.0.0.1', port: 9092 } },
  },
  {
    dir: 'join-group/v2', kafkajs: 'joinGroup/v2',
    args: { groupId: 'rules', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: '', protocolType: 'consumer', groupProtocols: [{ name: 'RoundRobinAssigner', metadata: buf('m') }] },
    decode: P.decodeJoinGroupRequest,
    decoded: { groupId: 'rules', sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, memberId: '', protocolType: 'consumer', protocols: [{ name: 'RoundRobinAssigner', metadata: buf('m') }] },
    encode: () => P.encodeJoinGroupResponse({ throttleTimeMs: 0, errorCode: 0, generationId: 3, protocolName: 'RoundRobinAssigner', leader: 'm-1', memberId: 'm-1', members: [{ memberId: 'm-1', metadata: buf('m') }] }),
    seen: { errorCode: 0, generationId: 3, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-1', members: [{ memberId: 'm-1', memberMetadata: buf('m') }] },
  },
  {
    dir: 'sync-group/v1', kafkajs: 'syncGroup/v1', args: { groupId: 'rules', generationId: 3, memberId: 'm-1', groupAssignment: [{ memberId: 'm-1', memberAssignment: buf('a') }] },
    decode: P.decodeSyncGroupRequest, decoded: { groupId: 'rules', generationId: 3, memberId: 'm-1', assignments: [{ memberId: 'm-1', assignment: buf('a') }] },
    encode: () => P.encodeSyncGroupResponse({ throttleTimeMs: 0, errorCode: 0, assignment: buf('a') }),
    seen: { errorCode: 0, memberAssignment: buf('a') },
  },
  {
    dir: 'heartbeat/v1', kafkajs: 'heartbeat/v1', args: { groupId: 'rules', groupGenerationId: 3, memberId: 'm-1' },
    decode: P.decodeHeartbeatRequest, decoded: { groupId: 'rules', generationId: 3, memberId: 'm-1' },
    encode: () => P.encodeHeartbeatResponse({ throttleTimeMs: 0, errorCode: 0 }),
    seen: { errorCode: 0 },
  },
  {
    dir: 'leave-group/v1', kafkajs: 'leaveGroup/v1', args: { groupId: 'rules', memberId: 'm-1' },
    decode: P.decodeLeaveGroupRequest, decoded: { groupId: 'rules', memberId: 'm-1' },
    encode: () => P.encodeLeaveGroupResponse({ throttleTimeMs: 0, errorCode: 0 }),
    seen: { errorCode: 0 },
  },
  {
    dir: 'offset-commit/v2', kafkajs: 'offsetCommit/v2',
    args: { groupId: 'rules', groupGenerationId: 3, memberId: 'm-1', retentionTime: -1, topics: [{ topic: 'reports', partitions: [{ partition: 1, offset: '100' }] }] },
    decode: P.decodeOffsetCommitRequest,
    decoded: { groupId: 'rules', generationId: 3, memberId: 'm-1', retentionTimeMs: -1n, topics: [{ name: 'reports', partitions: [{ index: 1, offset: 100n, metadata: null }] }] },
    encode: () => P.encodeOffsetCommitResponse({ topics: [{ name: 'reports', partitions: [{ index: 1, errorCode: 0 }] }] }),
    seen: { responses: [{ topic: 'reports', partitions: [{ partition: 1, errorCode: 0 }] }] },
  },
  {
    dir: 'offset-fetch/v2', kafkajs: 'offsetFetch/v2', args: { groupId: 'rules', topics: [{ topic: 'reports', partitions: [{ partition: 1 }] }] },
    decode: P.decodeOffsetFetchRequest, decoded: { groupId: 'rules', topics: [{ name: 'reports', partitions: [1] }] },
    encode: () => P.encodeOffsetFetchResponse({ topics: [{ name: 'reports', partitions: [{ index: 1, offset: 100n, metadata: '', errorCode: 0 }] }], errorCode: 0 }),
    seen: { responses: [{ topic: 'reports', partitions: [{ partition: 1, offset: '100', metadata: '', errorCode: 0 }] }] },
  },
  {
    dir: 'describe-groups/v1', kafkajs: 'describeGroups/v1', args: { groupIds: ['rules'] },
    decode: P.decodeDescribeGroupsRequest, decoded: { groups: ['rules'] },
    encode: () => P.encodeDescribeGroupsResponse({
      throttleTimeMs: 0,
      groups: [{ errorCode: 0, groupId: 'rules', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner', members: [{ memberId: 'm-1', clientId: 'c', clientHost: '/127.0.0.1', metadata: buf('m'), assignment: buf('a') }] }],
    }),
    seen: { groups: [{ errorCode: 0, groupId: 'rules', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner', members: [{ memberId: 'm-1', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: buf('m'), memberAssignment: buf('a') }] }] },
  },
  {
    dir: 'list-groups/v1', kafkajs: 'listGroups/v1', args: {}, decode: () => P.decodeListGroupsRequest(), decoded: {},
    encode: () => P.encodeListGroupsResponse({ throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'rules', protocolType: 'consumer' }] }),
    seen: { errorCode: 0, groups: [{ groupId: 'rules', protocolType: 'consumer' }] },
  },
  {
    dir: 'create-topics/v1', kafkajs: 'createTopics/v1',
    args: { topics: [{ topic: 'alerts', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], validateOnly: false, timeout: 5000 },
    decode: P.decodeCreateTopicsRequest,
    decoded: { topics: [{ name: 'alerts', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }], timeoutMs: 5000, validateOnly: false },
    encode: () => P.encodeCreateTopicsResponse({ topics: [{ name: 'alerts', errorCode: 36, errorMessage: "Topic 'alerts' already exists." }] }),
    seen: { topicErrors: [{ topic: 'alerts', errorCode: 36, errorMessage: "Topic 'alerts' already exists." }] },
  },
  {
    dir: 'delete-topics/v1', kafkajs: 'deleteTopics/v1', args: { topics: ['old'], timeout: 5000 },
    decode: P.decodeDeleteTopicsRequest, decoded: { topics: ['old'], timeoutMs: 5000 },
    encode: () => P.encodeDeleteTopicsResponse({ throttleTimeMs: 0, topics: [{ name: 'old', errorCode: 0 }] }),
    seen: { topicErrors: [{ topic: 'old', errorCode: 0 }] },
  },
  {
    dir: 'create-partitions/v0', kafkajs: 'createPartitions/v0', args: { topicPartitions: [{ topic: 'reports', count: 6 }], validateOnly: false, timeout: 5000 },
    decode: P.decodeCreatePartitionsRequest, decoded: { topics: [{ name: 'reports', count: 6, assignments: null }], timeoutMs: 5000, validateOnly: false }, // kafkajs writes no assignments as a null array
    encode: () => P.encodeCreatePartitionsResponse({ throttleTimeMs: 0, topics: [{ name: 'reports', errorCode: 0, errorMessage: null }] }),
    seen: { topicErrors: [{ topic: 'reports', errorCode: 0, errorMessage: null }] },
  },
  {
    dir: 'describe-configs/v0', kafkajs: 'describeConfigs/v0', args: { resources: [{ type: 2, name: 'alerts', configNames: ['cleanup.policy'] }] },
    decode: P.decodeDescribeConfigsRequest, decoded: { resources: [{ resourceType: 2, resourceName: 'alerts', configNames: ['cleanup.policy'] }] },
    encode: () => P.encodeDescribeConfigsResponse({
      throttleTimeMs: 0,
      resources: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'alerts', configs: [{ name: 'cleanup.policy', value: 'compact', readOnly: false, isDefault: false, isSensitive: false }] }],
    }),
    seen: { resources: [{ errorCode: 0, resourceType: 2, resourceName: 'alerts', configEntries: [{ configName: 'cleanup.policy', configValue: 'compact', readOnly: false, isDefault: false, isSensitive: false }] }] },
  },
  {
    dir: 'init-producer-id/v0', kafkajs: 'initProducerId/v0', args: { transactionalId: null, transactionTimeout: 30000 },
    decode: P.decodeInitProducerIdRequest, decoded: { transactionalId: null, transactionTimeoutMs: 30000 },
    encode: () => P.encodeInitProducerIdResponse({ throttleTimeMs: 0, errorCode: 0, producerId: 1000n, producerEpoch: 0 }),
    seen: { errorCode: 0, producerId: '1000', producerEpoch: 0 },
  },
];

const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** The stored fixture, or (UPDATE_FIXTURES=1) the bytes written as the new fixture. */
function fixture(dir: string, name: string, bytes: Buffer): Buffer {
  const file = path.join(__dirname, dir, 'fixtures', `${name}.hex`);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`missing fixture ${file}: run with UPDATE_FIXTURES=1 and review it`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${bytes.toString('hex').replace(/(.{64})/g, '$1\n').trim()}\n`);
  }
  return Buffer.from(readFileSync(file, 'utf8').replace(/\s+/g, ''), 'hex');
}

describe('protocol codecs against byte fixtures and kafkajs', () => {
  it('covers every API the broker announces', () => {
    expect(cases.map((c) => c.dir.split('/')[0]).sort()).toEqual(
      [...P.API_NAMES.values()].map((n) => n.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())).filter((n) => n !== 'produce').sort(),
    );
  });

  for (const c of cases) {
    it(`${c.dir}: reads what kafkajs writes and writes what kafkajs reads`, async () => {
      const sent: Buffer = (await kafkajs(`${c.kafkajs}/request`)(c.args).encode()).buffer;
      const request = fixture(c.dir, 'request', sent);
      expect(sent.equals(request), 'kafkajs still writes the stored request bytes').toBe(true);
      const r = new Reader(request);
      expect(c.decode(r)).toEqual(c.decoded);
      expect(r.off, 'every byte read').toBe(request.length);

      const written = Buffer.concat(c.encode().frame()).subarray(4);
      expect(written.equals(fixture(c.dir, 'response', written)), 'the stored response bytes').toBe(true);
      const seen = await kafkajs(`${c.kafkajs}/response`).decode(written);
      expect(seen).toMatchObject(c.seen);
    });
  }

  it('produce/v3: reads kafkajs\'s request (a record batch as bytes) and writes what kafkajs reads', async () => {
    const request: Buffer = (await kafkajs('produce/v3/request')({
      acks: -1, timeout: 30000, producerId: Long.fromNumber(1000), producerEpoch: 0,
      topicData: [{ topic: 'reports', partitions: [{ partition: 0, firstSequence: 0, messages: [{ key: 'k', value: 'v', timestamp: 1625817600000 }] }] }],
    }).encode()).buffer;
    const r = new Reader(request);
    const req = P.decodeProduceRequest(r);
    expect(r.off).toBe(request.length);
    expect(req).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000, topics: [{ name: 'reports', partitions: [{ index: 0 }] }] });
    const records = req.topics[0]!.partitions[0]!.records!;
    expect(records.readBigInt64BE(0)).toBe(0n); // base offset
    expect(records.readInt8(16)).toBe(2); // magic: record batch v2
    expect(records.readBigInt64BE(43)).toBe(1000n); // producer id
    const written = Buffer.concat(P.encodeProduceResponse({ topics: [{ name: 'reports', partitions: [{ index: 0, errorCode: 0, baseOffset: 5n, logAppendTimeMs: -1n }] }], throttleTimeMs: 0 }).frame()).subarray(4);
    expect(written.equals(fixture('produce/v3', 'response', written))).toBe(true);
    expect(await kafkajs('produce/v3/response').decode(written)).toMatchObject({ topics: [{ topicName: 'reports', partitions: [{ partition: 0, errorCode: 0, baseOffset: '5' }] }], throttleTime: 0 });
  });
});
