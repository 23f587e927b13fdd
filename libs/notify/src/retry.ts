/**
 * When to try a failed send again. Exponential backoff with full jitter (delay drawn uniformly
 * from [0, min(cap, base * 2^(n-1))]): retries of many recipients spread out instead of hitting a
 * recovering server in lock-step. SMTP errors are classified so a permanent refusal (5xx) is
 * recorded once and never retried, while a greylisting 451 or a dropped connection is.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export interface RetryPolicy extends BackoffOptions {
  /** Total attempts, the first one included. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 8 };

/** The ceiling of the delay before retry number `retry` (1 = the first retry). */
export function backoffCeiling(retry: number, opts: BackoffOptions): number {
  if (!(retry >= 1)) return 0;
  // 2^(retry-1) overflows to Infinity for large retries; min() keeps it at the cap.
  return Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(retry - 1, 60));
}

/** Full jitter: uniform in [0, ceiling]. `random` returns [0, 1). */
export function backoffDelay(
  retry: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * backoffCeiling(retry, opts));
}

export type SmtpFailureKind = 'transient' | 'permanent';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** Machine-readable: smtp_4xx, smtp_5xx, connection, timeout, auth, config, unknown. */
  reason: string;
  responseCode?: number;
  message: string;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNABORTED',
  'EPROTOCOL',
  'ENOTCONN',
  'EADDRNOTAVAIL',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT', 'ESOCKETTIMEDOUT', 'ECONNTIMEOUT', 'EGREETING']);

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 1_000);

/**
 * Classifies an error from nodemailer (or a socket). Transient: connection errors, timeouts and
 * 4xx replies. Permanent: 5xx replies. Authentication failures count as transient: they are our
 * configuration, not the recipient, and dropping the mail would lose it.
 */
export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (err ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
    command?: unknown;
  };
  const message = oneLine(
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(err),
  );
  const code = typeof e.code === 'string' ? e.code : undefined;
  let responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (responseCode === undefined && typeof e.response === 'string') {
    const m = /^([245])\d\d[\s-]/.exec(e.response);
    if (m) responseCode = Number(e.response.slice(0, 3));
  }
  if (
    code === 'EAUTH' ||
    (responseCode !== undefined && [530, 534, 535, 538].includes(responseCode) && code !== 'EENVELOPE')
  ) {
    return { kind: 'transient', reason: 'auth', responseCode, message };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500)
    return { kind: 'transient', reason: 'smtp_4xx', responseCode, message };
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600)
    return { kind: 'permanent', reason: 'smtp_5xx', responseCode, message };
  if (code && TIMEOUT_CODES.has(code)) return { kind: 'transient', reason: 'timeout', message };
  if (code && CONNECTION_CODES.has(code)) return { kind: 'transient', reason: 'connection', message };
  if (code === 'EENVELOPE' || code === 'EMESSAGE')
    return { kind: 'permanent', reason: 'invalid_message', message };
  return { kind: 'transient', reason: 'unknown', message };
}

export type RetryDecision =
  | { action: 'retry'; delayMs: number; failure: SmtpFailure }
  | { action: 'fail'; failure: SmtpFailure; reason: 'smtp_permanent' | 'retries_exhausted' };

/** What to do after attempt number `attempt` (1-based) failed with `err`. */
export function decideRetry(
  attempt: number,
  err: unknown,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  const failure = classifySmtpError(err);
  if (failure.kind === 'permanent') return { action: 'fail', failure, reason: 'smtp_permanent' };
  if (attempt >= policy.maxAttempts) return { action: 'fail', failure, reason: 'retries_exhausted' };
  return { action: 'retry', delayMs: backoffDelay(attempt, policy, random), failure };
}
