import type { Reader } from '../../wire';

/** topics null = all topics. */
export interface MetadataRequest {
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export function decodeMetadataRequest(r: Reader): MetadataRequest {
  return { topics: r.nullableArray((r) => r.string()), allowAutoTopicCreation: r.bool() };
}
