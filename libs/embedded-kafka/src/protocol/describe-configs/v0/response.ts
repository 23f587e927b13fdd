import { Writer } from '../../wire';

export interface DescribeConfigsResponse {
  throttleTimeMs: number;
  resources: {
    errorCode: number;
    errorMessage: string | null;
    resourceType: number;
    resourceName: string;
    configs: { name: string; value: string; readOnly: boolean; isDefault: boolean; isSensitive: boolean }[];
  }[];
}

export function encodeDescribeConfigsResponse(res: DescribeConfigsResponse): Writer {
  return new Writer().int32(res.throttleTimeMs).array(res.resources, (w, x) =>
    w
      .int16(x.errorCode)
      .string(x.errorMessage)
      .int8(x.resourceType)
      .string(x.resourceName)
      .array(x.configs, (w, c) =>
        w.string(c.name).string(c.value).bool(c.readOnly).bool(c.isDefault).bool(c.isSensitive),
      ),
  );
}
