/**
 * Every failure of fetching or reading a feed carries a stable machine code (for metrics and the
 * feed's lastStatus) and a sentence an operator can act on.
 */
export type FeedErrorCode =
  | 'bad_url'
  | 'blocked_address'
  | 'dns_failed'
  | 'network'
  | 'timeout'
  | 'too_many_redirects'
  | 'too_large'
  | 'http_status'
  | 'invalid_utf8'
  | 'unsupported_charset'
  | 'malformed_xml'
  | 'forbidden_xml'
  | 'not_a_feed';

export class FeedError extends Error {
  override name = 'FeedError';
  constructor(
    readonly code: FeedErrorCode,
    message: string,
    /** HTTP status for `http_status`; Retry-After (seconds) when the server sent one. */
    readonly extra: { status?: number; retryAfterSeconds?: number; url?: string } = {},
  ) {
    super(message);
  }

  /** Worth retrying later (network trouble, 5xx, 429) rather than a configuration problem. */
  get transient(): boolean {
    if (this.code === 'http_status')
      return (this.extra.status ?? 0) >= 500 || this.extra.status === 429 || this.extra.status === 408;
    return this.code === 'network' || this.code === 'timeout' || this.code === 'dns_failed';
  }
}
