import { Writer } from '../../wire';

/** members: filled for the leader only. */
export interface JoinGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: { memberId: string; metadata: Buffer }[];
}

export function encodeJoinGroupResponse(res: JoinGroupResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .int16(res.errorCode)
    .int32(res.generationId)
    .string(res.protocolName)
    .string(res.leader)
    .string(res.memberId)
    .array(res.members, (w, m) => w.string(m.memberId).bytes(m.metadata));
}
