import { Writer } from '../../wire';

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  producerId: bigint;
  producerEpoch: number;
}

export function encodeInitProducerIdResponse(res: InitProducerIdResponse): Writer {
  return new Writer()
    .int32(res.throttleTimeMs)
    .int16(res.errorCode)
    .int64(res.producerId)
    .int16(res.producerEpoch);
}
