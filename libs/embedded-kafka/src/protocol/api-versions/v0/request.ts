/** ApiVersions v0-v2 have an empty body (v3's flexible body is never read: it is answered in the v0 format). */
export type ApiVersionsRequest = Record<string, never>;

export function decodeApiVersionsRequest(): ApiVersionsRequest {
  return {};
}
