import { Writer } from '../../wire';

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: { groupId: string; protocolType: string }[];
}

export function encodeListGroupsResponse(res: ListGroupsResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .int16(res.errorCode)
    .array(res.groups, (w, g) => w.string(g.groupId).string(g.protocolType));
}
