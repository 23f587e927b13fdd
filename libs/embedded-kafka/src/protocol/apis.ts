/** The APIs and the one version of each that this broker speaks (non-flexible versions only). */
export const API = {
  Produce: { key: 0, version: 3 }, Fetch: { key: 1, version: 4 }, ListOffsets: { key: 2, version: 1 }, Metadata: { key: 3, version: 4 },
  OffsetCommit: { key: 8, version: 2 }, OffsetFetch: { key: 9, version: 2 }, FindCoordinator: { key: 10, version: 1 },
  JoinGroup: { key: 11, version: 2 }, Heartbeat: { key: 12, version: 1 }, LeaveGroup: { key: 13, version: 1 }, SyncGroup: { key: 14, version: 1 },
  DescribeGroups: { key: 15, version: 1 }, ListGroups: { key: 16, version: 1 }, ApiVersions: { key: 18, version: 2 },
  CreateTopics: { key: 19, version: 1 }, DeleteTopics: { key: 20, version: 1 }, InitProducerId: { key: 22, version: 0 },
  DescribeConfigs: { key: 32, version: 0 }, CreatePartitions: { key: 37, version: 0 },
} as const;
export const API_NAMES = new Map<number, string>(Object.entries(API).map(([name, a]) => [a.key, name]));
export const API_BY_KEY = new Map<number, { key: number; version: number }>(Object.values(API).map((a) => [a.key, a]));

/** Request header v1 (every API here), plus where the request came from. */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  clientHost: string;
}
