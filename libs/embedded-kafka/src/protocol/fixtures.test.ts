/**
 * Byte fixtures for every API and version in the registry (index.ts), kept beside the codecs
 * (src/protocol/<api>/v<N>/fixtures/{request,response}.hex), run through the registry's codecs:
 * - the request bytes are what kafkajs's own encoder writes for the given arguments; our decoder
 *   must read those arguments back and consume every byte;
 * - the response bytes are what our encoder writes for a known value; kafkajs's own decoder must
 *   read that value back.
 * Regenerate after a deliberate change with UPDATE_FIXTURES=1 and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitBatches } from './record-batch/batch';
import * as P from './index';
import { Reader } from './wire';

interface Case {
  api: P.ApiName;
  version: number;
  /** Fixture folder when it is not <api>/v<version> (a version sharing another's codec). */
  dir?: string;
  /** kafkajs's folder for the same API and version. */
  kafkajs: string;
  args: Record<string, unknown>;
  decoded: unknown;
  response: unknown;
  /** What kafkajs's decoder must see in our response. */
  seen: Record<string, unknown>;
}

const KAFKAJS = path.join(__dirname, '../../../../node_modules/kafkajs/src/protocol/requests');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs ships its request codecs as CommonJS only, loaded by path
const kafkajs = (p: string) => require(path.join(KAFKAJS, p));
const Long = kafkajs('../../utils/long');
const buf = (s: string) => Buffer.from(s);
const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
const dirOf = (c: Case) => c.dir ?? `${kebab(c.api)}/v${c.version}`;
const codecOf = (c: Case) => P.API_BY_KEY.get(P.APIS[c.api].key)!.versions.get(c.version)!;

const apiKeys = [
  { apiKey: 0, minVersion: 0, maxVersion: 3 },
  { apiKey: 1, minVersion: 0, maxVersion: 4 },
];
const cases: Case[] = [
  {
    api: 'ApiVersions',
    version: 0,
    kafkajs: 'apiVersions/v0',
    args: {},
    decoded: {},
    response: { errorCode: 0, apiKeys, throttleTimeMs: 0 }, // v0 has no throttle time: not written
    seen: { errorCode: 0, apiVersions: apiKeys },
  },
  {
    api: 'ApiVersions',
    version: 1,
    dir: 'api-versions/v2',
    kafkajs: 'apiVersions/v1',
    args: {},
    decoded: {},
    response: { errorCode: 0, apiKeys, throttleTimeMs: 0 },
    seen: { errorCode: 0, apiVersions: apiKeys, throttleTime: 0 },
  },
  {
    api: 'Produce',
    version: 3,
    kafkajs: 'produce/v3',
    args: {
      acks: -1,
      timeout: 30000,
      producerId: Long.fromNumber(1000),
      producerEpoch: 0,
      topicData: [
        {
          topic: 'reports',
          partitions: [
            {
              partition: 0,
              firstSequence: 0,
              messages: [{ key: 'k', value: 'v', timestamp: 1625817600000 }],
            },
          ],
        },
      ],
    },
    decoded: {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topics: [{ name: 'reports', partitions: [{ index: 0, records: expect.any(Buffer) }] }],
    },
    response: {
      topics: [
        { name: 'reports', partitions: [{ index: 0, errorCode: 0, baseOffset: 5n, logAppendTimeMs: -1n }] },
      ],
      throttleTimeMs: 0,
    },
    seen: {
      topics: [{ topicName: 'reports', partitions: [{ partition: 0, errorCode: 0, baseOffset: '5' }] }],
      throttleTime: 0,
    },
  },
  {
    api: 'ApiVersions',
    version: 2,
    kafkajs: 'apiVersions/v2',
    args: {},
    decoded: {},
    response: {
      errorCode: 0,
      apiKeys: [
        { apiKey: 0, minVersion: 0, maxVersion: 3 },
        { apiKey: 1, minVersion: 0, maxVersion: 4 },
      ],
      throttleTimeMs: 0,
    },
    seen: {
      errorCode: 0,
      apiVersions: [
        { apiKey: 0, minVersion: 0, maxVersion: 3 },
        { apiKey: 1, minVersion: 0, maxVersion: 4 },
      ],
    },
  },
  {
    api: 'Metadata',
    version: 4,
    kafkajs: 'metadata/v4',
    args: { topics: ['alerts', 'reports'], allowAutoTopicCreation: false },
    decoded: { topics: ['alerts', 'reports'], allowAutoTopicCreation: false },
    response: {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: 9092, rack: null }],
      clusterId: 'watchfire-embedded',
      controllerId: 0,
      topics: [
        {
          errorCode: 0,
          name: 'alerts',
          isInternal: false,
          partitions: [{ errorCode: 0, index: 0, leader: 0, replicas: [0], isr: [0] }],
        },
      ],
    },
    seen: {
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: 9092 }],
      clusterId: 'watchfire-embedded',
      controllerId: 0,
      topicMetadata: [
        {
          topicErrorCode: 0,
          topic: 'alerts',
          partitionMetadata: [{ partitionId: 0, leader: 0, replicas: [0], isr: [0] }],
        },
      ],
    },
  },
  {
    api: 'Fetch',
    version: 4,
    kafkajs: 'fetch/v4',
    args: {
      replicaId: -1,
      maxWaitTime: 250,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 0,
      topics: [{ topic: 'reports', partitions: [{ partition: 2, fetchOffset: '42', maxBytes: 1048576 }] }],
    },
    decoded: {
      replicaId: -1,
      maxWaitMs: 250,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 0,
      topics: [{ name: 'reports', partitions: [{ index: 2, fetchOffset: 42n, maxBytes: 1048576 }] }],
    },
    response: {
      throttleTimeMs: 0,
      topics: [
        {
          name: 'reports',
          partitions: [{ index: 2, errorCode: 0, highWatermark: 42n, lastStableOffset: 42n, records: [] }],
        },
      ],
    },
    seen: {
      throttleTime: 0,
      responses: [
        {
          topicName: 'reports',
          partitions: [
            { partition: 2, errorCode: 0, highWatermark: '42', lastStableOffset: '42', messages: [] },
          ],
        },
      ],
    },
  },
  {
    api: 'ListOffsets',
    version: 1,
    kafkajs: 'listOffsets/v1',
    args: { replicaId: -1, topics: [{ topic: 'reports', partitions: [{ partition: 0, timestamp: -2 }] }] },
    decoded: { replicaId: -1, topics: [{ name: 'reports', partitions: [{ index: 0, timestamp: -2n }] }] },
    response: {
      topics: [{ name: 'reports', partitions: [{ index: 0, errorCode: 0, timestamp: -1n, offset: 7n }] }],
    },
    seen: { responses: [{ topic: 'reports', partitions: [{ partition: 0, errorCode: 0, offset: '7' }] }] },
  },
  {
    api: 'FindCoordinator',
    version: 1,
    kafkajs: 'findCoordinator/v1',
    args: { coordinatorKey: 'rules', coordinatorType: 0 },
    decoded: { key: 'rules', keyType: 0 },
    response: {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      nodeId: 0,
      host: '127.0.0.1',
      port: 9092,
    },
    seen: { errorCode: 0, coordinator: { nodeId: 0, host: '127.0.0.1', port: 9092 } },
  },
  {
    api: 'JoinGroup',
    version: 2,
    kafkajs: 'joinGroup/v2',
    args: {
      groupId: 'rules',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: buf('m') }],
    },
    decoded: {
      groupId: 'rules',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: 60000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'RoundRobinAssigner', metadata: buf('m') }],
    },
    response: {
      throttleTimeMs: 0,
      errorCode: 0,
      generationId: 3,
      protocolName: 'RoundRobinAssigner',
      leader: 'm-1',
      memberId: 'm-1',
      members: [{ memberId: 'm-1', metadata: buf('m') }],
    },
    seen: {
      errorCode: 0,
      generationId: 3,
      groupProtocol: 'RoundRobinAssigner',
      leaderId: 'm-1',
      memberId: 'm-1',
      members: [{ memberId: 'm-1', memberMetadata: buf('m') }],
    },
  },
  {
    api: 'SyncGroup',
    version: 1,
    kafkajs: 'syncGroup/v1',
    args: {
      groupId: 'rules',
      generationId: 3,
      memberId: 'm-1',
      groupAssignment: [{ memberId: 'm-1', memberAssignment: buf('a') }],
    },
    decoded: {
      groupId: 'rules',
      generationId: 3,
      memberId: 'm-1',
      assignments: [{ memberId: 'm-1', assignment: buf('a') }],
    },
    response: { throttleTimeMs: 0, errorCode: 0, assignment: buf('a') },
    seen: { errorCode: 0, memberAssignment: buf('a') },
  },
  {
    api: 'Heartbeat',
    version: 1,
    kafkajs: 'heartbeat/v1',
    args: { groupId: 'rules', groupGenerationId: 3, memberId: 'm-1' },
    decoded: { groupId: 'rules', generationId: 3, memberId: 'm-1' },
    response: { throttleTimeMs: 0, errorCode: 0 },
    seen: { errorCode: 0 },
  },
  {
    api: 'LeaveGroup',
    version: 1,
    kafkajs: 'leaveGroup/v1',
    args: { groupId: 'rules', memberId: 'm-1' },
    decoded: { groupId: 'rules', memberId: 'm-1' },
    response: { throttleTimeMs: 0, errorCode: 0 },
    seen: { errorCode: 0 },
  },
  {
    api: 'OffsetCommit',
    version: 2,
    kafkajs: 'offsetCommit/v2',
    args: {
      groupId: 'rules',
      groupGenerationId: 3,
      memberId: 'm-1',
      retentionTime: -1,
      topics: [{ topic: 'reports', partitions: [{ partition: 1, offset: '100' }] }],
    },
    decoded: {
      groupId: 'rules',
      generationId: 3,
      memberId: 'm-1',
      retentionTimeMs: -1n,
      topics: [{ name: 'reports', partitions: [{ index: 1, offset: 100n, metadata: null }] }],
    },
    response: { topics: [{ name: 'reports', partitions: [{ index: 1, errorCode: 0 }] }] },
    seen: { responses: [{ topic: 'reports', partitions: [{ partition: 1, errorCode: 0 }] }] },
  },
  {
    api: 'OffsetFetch',
    version: 2,
    kafkajs: 'offsetFetch/v2',
    args: { groupId: 'rules', topics: [{ topic: 'reports', partitions: [{ partition: 1 }] }] },
    decoded: { groupId: 'rules', topics: [{ name: 'reports', partitions: [1] }] },
    response: {
      topics: [{ name: 'reports', partitions: [{ index: 1, offset: 100n, metadata: '', errorCode: 0 }] }],
      errorCode: 0,
    },
    seen: {
      responses: [
        { topic: 'reports', partitions: [{ partition: 1, offset: '100', metadata: '', errorCode: 0 }] },
      ],
    },
  },
  {
    api: 'DescribeGroups',
    version: 1,
    kafkajs: 'describeGroups/v1',
    args: { groupIds: ['rules'] },
    decoded: { groups: ['rules'] },
    response: {
      throttleTimeMs: 0,
      groups: [
        {
          errorCode: 0,
          groupId: 'rules',
          state: 'Stable',
          protocolType: 'consumer',
          protocol: 'RoundRobinAssigner',
          members: [
            {
              memberId: 'm-1',
              clientId: 'c',
              clientHost: '/127.0.0.1',
              metadata: buf('m'),
              assignment: buf('a'),
            },
          ],
        },
      ],
    },
    seen: {
      groups: [
        {
          errorCode: 0,
          groupId: 'rules',
          state: 'Stable',
          protocolType: 'consumer',
          protocol: 'RoundRobinAssigner',
          members: [
            {
              memberId: 'm-1',
              clientId: 'c',
              clientHost: '/127.0.0.1',
              memberMetadata: buf('m'),
              memberAssignment: buf('a'),
            },
          ],
        },
      ],
    },
  },
  {
    api: 'ListGroups',
    version: 1,
    kafkajs: 'listGroups/v1',
    args: {},
    decoded: {},
    response: { throttleTimeMs: 0, errorCode: 0, groups: [{ groupId: 'rules', protocolType: 'consumer' }] },
    seen: { errorCode: 0, groups: [{ groupId: 'rules', protocolType: 'consumer' }] },
  },
  {
    api: 'CreateTopics',
    version: 1,
    kafkajs: 'createTopics/v1',
    args: {
      topics: [
        {
          topic: 'alerts',
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      validateOnly: false,
      timeout: 5000,
    },
    decoded: {
      topics: [
        {
          name: 'alerts',
          numPartitions: 3,
          replicationFactor: 1,
          assignments: [],
          configs: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    },
    response: { topics: [{ name: 'alerts', errorCode: 36, errorMessage: "Topic 'alerts' already exists." }] },
    seen: {
      topicErrors: [{ topic: 'alerts', errorCode: 36, errorMessage: "Topic 'alerts' already exists." }],
    },
  },
  {
    api: 'DeleteTopics',
    version: 1,
    kafkajs: 'deleteTopics/v1',
    args: { topics: ['old'], timeout: 5000 },
    decoded: { topics: ['old'], timeoutMs: 5000 },
    response: { throttleTimeMs: 0, topics: [{ name: 'old', errorCode: 0 }] },
    seen: { topicErrors: [{ topic: 'old', errorCode: 0 }] },
  },
  {
    api: 'CreatePartitions',
    version: 0,
    kafkajs: 'createPartitions/v0',
    args: { topicPartitions: [{ topic: 'reports', count: 6 }], validateOnly: false, timeout: 5000 },
    decoded: {
      topics: [{ name: 'reports', count: 6, assignments: null }],
      timeoutMs: 5000,
      validateOnly: false,
    }, // kafkajs writes no assignments as a null array
    response: { throttleTimeMs: 0, topics: [{ name: 'reports', errorCode: 0, errorMessage: null }] },
    seen: { topicErrors: [{ topic: 'reports', errorCode: 0, errorMessage: null }] },
  },
  {
    api: 'DescribeConfigs',
    version: 0,
    kafkajs: 'describeConfigs/v0',
    args: { resources: [{ type: 2, name: 'alerts', configNames: ['cleanup.policy'] }] },
    decoded: { resources: [{ resourceType: 2, resourceName: 'alerts', configNames: ['cleanup.policy'] }] },
    response: {
      throttleTimeMs: 0,
      resources: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: 'alerts',
          configs: [
            {
              name: 'cleanup.policy',
              value: 'compact',
              readOnly: false,
              isDefault: false,
              isSensitive: false,
            },
          ],
        },
      ],
    },
    seen: {
      resources: [
        {
          errorCode: 0,
          resourceType: 2,
          resourceName: 'alerts',
          configEntries: [
            {
              configName: 'cleanup.policy',
              configValue: 'compact',
              readOnly: false,
              isDefault: false,
              isSensitive: false,
            },
          ],
        },
      ],
    },
  },
  {
    api: 'InitProducerId',
    version: 0,
    kafkajs: 'initProducerId/v0',
    args: { transactionalId: null, transactionTimeout: 30000 },
    decoded: { transactionalId: null, transactionTimeoutMs: 30000 },
    response: { throttleTimeMs: 0, errorCode: 0, producerId: 1000n, producerEpoch: 0 },
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
    writeFileSync(
      file,
      `${bytes
        .toString('hex')
        .replace(/(.{64})/g, '$1\n')
        .trim()}\n`,
    );
  }
  return Buffer.from(readFileSync(file, 'utf8').replace(/\s+/g, ''), 'hex');
}

describe('protocol codecs against byte fixtures and kafkajs', () => {
  it('covers every API and version in the registry', () => {
    const listed = [...P.API_BY_KEY.values()].flatMap((a) =>
      [...a.versions.keys()].map((v) => `${a.name} v${v}`),
    );
    expect(cases.map((c) => `${c.api} v${c.version}`).sort()).toEqual(listed.sort());
  });

  for (const c of cases) {
    it(`${c.api} v${c.version} (${dirOf(c)}): reads what kafkajs writes and writes what kafkajs reads`, async () => {
      const codec = codecOf(c);
      const sent: Buffer = (await kafkajs(`${c.kafkajs}/request`)(c.args).encode()).buffer;
      const request = fixture(dirOf(c), 'request', sent);
      expect(sent.equals(request), 'kafkajs still writes the stored request bytes').toBe(true);
      const r = new Reader(request);
      expect(codec.decodeRequest(r)).toEqual(c.decoded);
      expect(r.off, 'every byte read').toBe(request.length);

      const written = Buffer.concat(codec.encodeResponse(c.response).frame()).subarray(4);
      expect(written.equals(fixture(dirOf(c), 'response', written)), 'the stored response bytes').toBe(true);
      const seen = await kafkajs(`${c.kafkajs}/response`).decode(written);
      expect(seen).toMatchObject(c.seen);
    });
  }

  it('Produce v3: the record batch kafkajs sent is passed on whole, as bytes', () => {
    const r = new Reader(
      Buffer.from(
        readFileSync(path.join(__dirname, 'produce/v3/fixtures/request.hex'), 'utf8').replace(/\s+/g, ''),
        'hex',
      ),
    );
    const req = P.decodeProduceRequest(r);
    const [batch, ...more] = splitBatches(req.topics[0].partitions[0].records!); // magic 2, CRC-32C checked
    expect(more).toEqual([]);
    expect(batch).toMatchObject({
      recordCount: 1,
      lastOffsetDelta: 0,
      producerId: 1000n,
      producerEpoch: 0,
      baseSequence: 0,
      maxTimestamp: 1625817600000n,
    });
  });
});
