/**
 * The Kafka wire protocol as this broker speaks it, laid out as kafkajs lays out its own: one
 * folder per API and version, the request decoder and the response encoder side by side, byte
 * fixtures beside them (fixtures.test.ts). The broker works on the typed values only.
 */
export * from './apis';
export * from './wire';
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
export * from './api-versions/v2/request';
export * from './api-versions/v2/response';
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
