import { Writer } from '../../wire';

export interface DescribeGroupsResponse {
  throttleTimeMs: number;
  groups: {
    errorCode: number;
    groupId: string;
    state: string;
    protocolType: string;
    protocol: string;
    members: {
      memberId: string;
      clientId: string;
      clientHost: string;
      metadata: Buffer;
      assignment: Buffer;
    }[];
  }[];
}

export function encodeDescribeGroupsResponse(res: DescribeGroupsResponse): Writer {
  return new Writer().int32(res.throttleTimeMs).array(res.groups, (w, g) =>
    w
      .int16(g.errorCode)
      .string(g.groupId)
      .string(g.state)
      .string(g.protocolType)
      .string(g.protocol)
      .array(g.members, (w, m) =>
        w.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment),
      ),
  );
}
