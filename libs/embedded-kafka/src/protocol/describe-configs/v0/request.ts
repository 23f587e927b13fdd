import type { Reader } from '../../wire';

/** resourceType 2 = topic, 4 = broker; configNames null = all. */
export interface DescribeConfigsRequest {
  resources: { resourceType: number; resourceName: string; configNames: string[] | null }[];
}

export function decodeDescribeConfigsRequest(r: Reader): DescribeConfigsRequest {
  return {
    resources: r.array((r) => ({
      resourceType: r.int8(),
      resourceName: r.string(),
      configNames: r.nullableArray((r) => r.string()),
    })),
  };
}
