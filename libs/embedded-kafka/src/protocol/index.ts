/**
 * The Kafka wire protocol as this broker speaks it, laid out as kafkajs lays out its own: one
 * folder per API and version, the request decoder and the response encoder side by side, byte
 * fixtures beside them (fixtures.test.ts, captured.test.ts). This file is the registry — API key ->
 * versions -> codecs — and the dispatch that uses it: ApiVersions announces what the registry
 * lists, dispatch() decodes and encodes with it, and the broker (src/broker) works on typed values.
 */
import type { RequestHeader } from './request-header';
import { type Reader, Writer } from './wire';
import { decodeApiVersionsRequest } from './api-versions/v0/request';
import { encodeApiVersionsResponseV0 } from './api-versions/v0/response';
import { encodeApiVersionsResponse } from './api-versions/v2/response';
import { decodeCreatePartitionsRequest } from './create-partitions/v0/request';
import { encodeCreatePartitionsResponse } from './create-partitions/v0/response';
import { decodeCreateTopicsRequest } from './create-topics/v1/request';
import { encodeCreateTopicsResponse } from './create-topics/v1/response';
import { decodeDeleteTopicsRequest } from './delete-topics/v1/request';
import { encodeDeleteTopicsResponse } from './delete-topics/v1/response';
import { decodeDescribeConfigsRequest } from './describe-configs/v0/request';
import { encodeDescribeConfigsResponse } from './describe-configs/v0/response';
import { decodeDescribeGroupsRequest } from './describe-groups/v1/request';
import { encodeDescribeGroupsResponse } from './describe-groups/v1/response';
import { decodeFetchRequest } from './fetch/v4/request';
import { encodeFetchResponse } from './fetch/v4/response';
import { decodeFindCoordinatorRequest } from './find-coordinator/v1/request';
import { encodeFindCoordinatorResponse } from './find-coordinator/v1/response';
import { decodeHeartbeatRequest } from './heartbeat/v1/request';
import { encodeHeartbeatResponse } from './heartbeat/v1/response';
import { decodeInitProducerIdRequest } from './init-producer-id/v0/request';
import { encodeInitProducerIdResponse } from './init-producer-id/v0/response';
import { decodeJoinGroupRequest } from './join-group/v2/request';
import { encodeJoinGroupResponse } from './join-group/v2/response';
import { decodeLeaveGroupRequest } from './leave-group/v1/request';
import { encodeLeaveGroupResponse } from './leave-group/v1/response';
import { decodeListGroupsRequest } from './list-groups/v1/request';
import { encodeListGroupsResponse } from './list-groups/v1/response';
import { decodeListOffsetsRequest } from './list-offsets/v1/request';
import { encodeListOffsetsResponse } from './list-offsets/v1/response';
import { decodeMetadataRequest } from './metadata/v4/request';
import { encodeMetadataResponse } from './metadata/v4/response';
import { decodeOffsetCommitRequest } from './offset-commit/v2/request';
import { encodeOffsetCommitResponse } from './offset-commit/v2/response';
import { decodeOffsetFetchRequest } from './offset-fetch/v2/request';
import { encodeOffsetFetchResponse } from './offset-fetch/v2/response';
import { decodeProduceRequest } from './produce/v3/request';
import { encodeProduceResponse } from './produce/v3/response';
import { decodeSyncGroupRequest } from './sync-group/v1/request';
import { encodeSyncGroupResponse } from './sync-group/v1/response';

export interface Codec<Req, Res> {
  decodeRequest(r: Reader): Req;
  encodeResponse(res: Res): Writer;
}
const codec = <Req, Res>(
  decodeRequest: (r: Reader) => Req,
  encodeResponse: (res: Res) => Writer,
): Codec<Req, Res> => ({ decodeRequest, encodeResponse });

/**
 * Every API this broker speaks: its key, the broker method that answers it (src/broker/broker.ts),
 * and the versions it decodes and encodes (non-flexible versions only). Clients pick the highest
 * version both sides know, which is the highest listed here.
 */
export const APIS = {
  Produce: {
    key: 0,
    handler: 'produce',
    versions: { 3: codec(decodeProduceRequest, encodeProduceResponse) },
  },
  Fetch: { key: 1, handler: 'fetch', versions: { 4: codec(decodeFetchRequest, encodeFetchResponse) } },
  ListOffsets: {
    key: 2,
    handler: 'listOffsets',
    versions: { 1: codec(decodeListOffsetsRequest, encodeListOffsetsResponse) },
  },
  Metadata: {
    key: 3,
    handler: 'metadata',
    versions: { 4: codec(decodeMetadataRequest, encodeMetadataResponse) },
  },
  OffsetCommit: {
    key: 8,
    handler: 'offsetCommit',
    versions: { 2: codec(decodeOffsetCommitRequest, encodeOffsetCommitResponse) },
  },
  OffsetFetch: {
    key: 9,
    handler: 'offsetFetch',
    versions: { 2: codec(decodeOffsetFetchRequest, encodeOffsetFetchResponse) },
  },
  FindCoordinator: {
    key: 10,
    handler: 'findCoordinator',
    versions: { 1: codec(decodeFindCoordinatorRequest, encodeFindCoordinatorResponse) },
  },
  JoinGroup: {
    key: 11,
    handler: 'joinGroup',
    versions: { 2: codec(decodeJoinGroupRequest, encodeJoinGroupResponse) },
  },
  Heartbeat: {
    key: 12,
    handler: 'heartbeat',
    versions: { 1: codec(decodeHeartbeatRequest, encodeHeartbeatResponse) },
  },
  LeaveGroup: {
    key: 13,
    handler: 'leaveGroup',
    versions: { 1: codec(decodeLeaveGroupRequest, encodeLeaveGroupResponse) },
  },
  SyncGroup: {
    key: 14,
    handler: 'syncGroup',
    versions: { 1: codec(decodeSyncGroupRequest, encodeSyncGroupResponse) },
  },
  DescribeGroups: {
    key: 15,
    handler: 'describeGroups',
    versions: { 1: codec(decodeDescribeGroupsRequest, encodeDescribeGroupsResponse) },
  },
  ListGroups: {
    key: 16,
    handler: 'listGroups',
    versions: { 1: codec(decodeListGroupsRequest, encodeListGroupsResponse) },
  },
  ApiVersions: {
    key: 18,
    handler: 'apiVersions',
    versions: {
      0: codec(decodeApiVersionsRequest, encodeApiVersionsResponseV0),
      1: codec(decodeApiVersionsRequest, encodeApiVersionsResponse),
      2: codec(decodeApiVersionsRequest, encodeApiVersionsResponse),
    },
  },
  CreateTopics: {
    key: 19,
    handler: 'createTopics',
    versions: { 1: codec(decodeCreateTopicsRequest, encodeCreateTopicsResponse) },
  },
  DeleteTopics: {
    key: 20,
    handler: 'deleteTopics',
    versions: { 1: codec(decodeDeleteTopicsRequest, encodeDeleteTopicsResponse) },
  },
  InitProducerId: {
    key: 22,
    handler: 'initProducerId',
    versions: { 0: codec(decodeInitProducerIdRequest, encodeInitProducerIdResponse) },
  },
  DescribeConfigs: {
    key: 32,
    handler: 'describeConfigs',
    versions: { 0: codec(decodeDescribeConfigsRequest, encodeDescribeConfigsResponse) },
  },
  CreatePartitions: {
    key: 37,
    handler: 'createPartitions',
    versions: { 0: codec(decodeCreatePartitionsRequest, encodeCreatePartitionsResponse) },
  },
} as const;

type Apis = typeof APIS;
export type ApiName = keyof Apis;
type CodecOf<N extends ApiName> = Apis[N]['versions'][keyof Apis[N]['versions']];
type EncoderArg<C> = C extends Codec<unknown, infer Res> ? (res: Res) => void : never;
/** What any version's decoder of API N returns. */
export type RequestOf<N extends ApiName> = CodecOf<N> extends Codec<infer Req, unknown> ? Req : never;
/** What every version's encoder of API N accepts (the intersection: a handler answers once for all versions). */
export type ResponseOf<N extends ApiName> =
  EncoderArg<CodecOf<N>> extends (res: infer Res) => void ? Res : never;

/** The broker's side: one method per API, on typed values. null = no response (Produce with acks=0). */
export type ApiHandlers = {
  [N in ApiName as Apis[N]['handler']]: (
    req: RequestOf<N>,
    header: RequestHeader,
  ) => ResponseOf<N> | null | Promise<ResponseOf<N>>;
};

export interface ApiEntry {
  name: ApiName;
  key: number;
  handler: keyof ApiHandlers;
  versions: ReadonlyMap<number, Codec<unknown, unknown>>;
  minVersion: number;
  maxVersion: number;
}

export const API_BY_KEY: ReadonlyMap<number, ApiEntry> = new Map(
  (Object.entries(APIS) as [ApiName, Apis[ApiName]][]).map(([name, a]) => {
    const versions = new Map(
      Object.entries(a.versions).map(([v, c]) => [Number(v), c as Codec<unknown, unknown>]),
    );
    return [
      a.key,
      {
        name,
        key: a.key,
        handler: a.handler,
        versions,
        minVersion: Math.min(...versions.keys()),
        maxVersion: Math.max(...versions.keys()),
      },
    ];
  }),
);
export const API_NAMES: ReadonlyMap<number, ApiName> = new Map(
  [...API_BY_KEY].map(([key, a]) => [key, a.name]),
);

/**
 * What ApiVersions announces. The ranges start at 0 because librdkafka enables features (e.g. the
 * balanced consumer) only when v0 is inside the range; both clients then pick the highest common
 * version, which is the highest one the registry lists.
 */
export function announcedVersions(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return [...API_BY_KEY.values()]
    .sort((a, b) => a.key - b.key)
    .map((a) => ({ apiKey: a.key, minVersion: 0, maxVersion: a.maxVersion }));
}

const UNSUPPORTED_VERSION = 35;

/** A request for an API or version the registry does not list (ApiVersions excepted). */
export class UnsupportedRequest extends Error {
  constructor(readonly header: RequestHeader) {
    super(`unsupported api ${header.apiKey} v${header.apiVersion}`);
  }
}

/** The body answered to an UnsupportedRequest: the error code alone. */
export function encodeUnsupportedVersion(): Writer {
  return new Writer().int16(UNSUPPORTED_VERSION);
}

/**
 * Decodes the body `r` (positioned after the header) with the codec the registry lists for the
 * header's API and version, runs the handler, and encodes its answer with the same codec. Returns
 * the response body (no header), or null when none is due. A version ApiVersions does not know is
 * answered in the v0 format with UNSUPPORTED_VERSION (KIP-511), so the client retries with one it lists.
 */
export function dispatch(
  handlers: ApiHandlers,
  h: RequestHeader,
  r: Reader,
): Writer | null | Promise<Writer | null> {
  const api = API_BY_KEY.get(h.apiKey);
  if (!api) throw new UnsupportedRequest(h);
  const c = api.versions.get(h.apiVersion);
  if (!c) {
    if (api.name !== 'ApiVersions' || h.apiVersion < 0) throw new UnsupportedRequest(h);
    return encodeApiVersionsResponseV0({ errorCode: UNSUPPORTED_VERSION, apiKeys: announcedVersions() });
  }
  const handler = handlers[api.handler] as (req: unknown, h: RequestHeader) => unknown;
  const out = handler.call(handlers, c.decodeRequest(r), h);
  if (out instanceof Promise) return out.then((res) => (res === null ? null : c.encodeResponse(res)));
  return out === null ? null : c.encodeResponse(out);
}

export * from './wire';
export * from './request-header';
export * from './api-versions/v0/response';
export * from './api-versions/v2/request';
export * from './api-versions/v2/response';
export * from './produce/v3/request';
export * from './produce/v3/response';
export * from './fetch/v4/request';
export * from './fetch/v4/response';
export * from './list-offsets/v1/request';
export * from './list-offsets/v1/response';
export * from './metadata/v4/request';
export * from './metadata/v4/response';
export * from './offset-commit/v2/request';
export * from './offset-commit/v2/response';
export * from './offset-fetch/v2/request';
export * from './offset-fetch/v2/response';
export * from './find-coordinator/v1/request';
export * from './find-coordinator/v1/response';
export * from './join-group/v2/request';
export * from './join-group/v2/response';
export * from './heartbeat/v1/request';
export * from './heartbeat/v1/response';
export * from './leave-group/v1/request';
export * from './leave-group/v1/response';
export * from './sync-group/v1/request';
export * from './sync-group/v1/response';
export * from './describe-groups/v1/request';
export * from './describe-groups/v1/response';
export * from './list-groups/v1/request';
export * from './list-groups/v1/response';
export * from './create-topics/v1/request';
export * from './create-topics/v1/response';
export * from './delete-topics/v1/request';
export * from './delete-topics/v1/response';
export * from './init-producer-id/v0/request';
export * from './init-producer-id/v0/response';
export * from './describe-configs/v0/request';
export * from './describe-configs/v0/response';
export * from './create-partitions/v0/request';
export * from './create-partitions/v0/response';
