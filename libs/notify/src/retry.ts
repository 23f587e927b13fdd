/**
 * When to try a failed send again. Transient failures (4xx, dropped connections, timeouts) are
 * retried for a time budget, as an MTA keeps a message queued for days rather than for a number of
 * tries: mail servers are down for minutes or hours, and an attempt count turns "down for 45 s"
 * into a lost alert whenever the jittered delays happen to be short. Between attempts: exponential
 * backoff up to a cap, with equal jitter (uniform in [ceiling/2, ceiling]) so retries of many
 * recipients spread out instead of hitting a recovering server in lock-step. Jitter only moves
 * attempts within the budget: the last attempt is made at the end of the budget, never before it,
 * and only an attempt failing at or after that moment gives up. A permanent refusal (5xx) is
 * recorded once and never retried.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export interface RetryPolicy extends BackoffOptions {
  /** How long transient failures are retried, counted from the first failed attempt. */
  retryForMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1_000,
  capMs: 5 * 60_000,
  retryForMs: 24 * 3_600_000,
};

/** The ceiling of the delay before retry number `retry` (1 = the first retry). */
export function backoffCeiling(retry: number, opts: BackoffOptions): number {
  if (!(retry >= 1)) return 0;
  // 2^(retry-1) overflows to Infinity for large retries; min() keeps it at the cap.
  return Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(retry - 1, 60));
}

/** Equal jitter: uniform in [ceiling/2, ceiling]. `random` returns [0, 1). */
export function backoffDelay(
  retry: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const r = Math.min(Math.max(random(), 0), 1);
  const ceiling = backoffCeiling(retry, opts);
  return Math.floor(ceiling / 2 + (r * ceiling) / 2);
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
  | { action: 'fail'; failure: SmtpFailure; reason: 'smtp_permanent' | 'retry_budget_exhausted' };

/** Where a delivery stands when an attempt has just failed. */
export interface AttemptHistory {
  /** Attempts made so far, the failed one included (1-based). */
  attempts: number;
  /** When the first attempt failed (epoch ms): the budget counts from here. */
  firstFailedAt: number;
  /** Now (epoch ms). */
  now: number;
}

/** What to do after an attempt failed with `err`. */
export function decideRetry(
  history: AttemptHistory,
  err: unknown,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  const failure = classifySmtpError(err);
  if (failure.kind === 'permanent') return { action: 'fail', failure, reason: 'smtp_permanent' };
  const deadline = history.firstFailedAt + policy.retryForMs;
  if (history.now >= deadline) return { action: 'fail', failure, reason: 'retry_budget_exhausted' };
  const delayMs = Math.min(backoffDelay(history.attempts, policy, random), deadline - history.now);
  return { action: 'retry', delayMs, failure };
}

/** "3 attempts over 2 h 5 min" — for the one-line error of a delivery that gave up. */
export function describeAttempts(attempts: number, spanMs: number): string {
  const s = Math.round(spanMs / 1000);
  const span =
    s < 120
      ? `${s} s`
      : s < 7_200
        ? `${Math.round(s / 60)} min`
        : `${Math.floor(s / 3_600)} h ${Math.round((s % 3_600) / 60)} min`;
  return `${attempts} attempt${attempts === 1 ? '' : 's'} over ${span}`;
}
