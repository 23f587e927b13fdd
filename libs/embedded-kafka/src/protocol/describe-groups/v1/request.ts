import type { Reader } from '../../wire';

export interface DescribeGroupsRequest {
  groups: string[];
}

export function decodeDescribeGroupsRequest(r: Reader): DescribeGroupsRequest {
  return { groups: r.array((r) => r.string()) };
}
