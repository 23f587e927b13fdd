import { type Reader, Writer } from './wire';

/** Request header v1 (every API and version here is non-flexible), plus where the request came from. */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  clientHost: string;
}

/** Reads the header off the front of a request frame (size prefix removed); `r` is then at the body. */
export function decodeRequestHeader(r: Reader, clientHost: string): RequestHeader {
  return {
    apiKey: r.int16(),
    apiVersion: r.int16(),
    correlationId: r.int32(),
    clientId: r.nullableString(),
    clientHost,
  };
}

/** Response header v0: the correlation id alone. */
export function encodeResponseHeader(correlationId: number): Writer {
  return new Writer().int32(correlationId);
}
