/** v1 and v2 requests are v0's: an empty body. */
export { decodeApiVersionsRequest, type ApiVersionsRequest } from '../v0/request';
