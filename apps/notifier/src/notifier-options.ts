import { ConfigError } from '@watchfire/common';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@watchfire/notify';

/**
 * Notifier-specific settings (on top of the shared WatchfireConfig). All have defaults; the
 * environment can override them (NOTIFIER_*), tests and the bench pass them directly.
 */
export interface NotifierOptions {
  /** How long transient SMTP failures are retried, and the backoff between attempts. */
  retry: RetryPolicy;
  /** Mails to one recipient: burst and sustained rate. */
  recipientBurst: number;
  recipientPerHour: number;
  /** Mails being sent at once across all subscribers (fan-out concurrency). */
  sendConcurrency: number;
  /** Pooled SMTP connections. */
  smtpPoolSize: number;
  /** SMTP timeouts (connection, greeting, socket inactivity), ms. */
  smtpTimeoutMs: number;
  /** How often due digests are looked for, and how long after a period ends they wait for stragglers. */
  digestTickMs: number;
  digestGraceMs: number;
  /** Public POST /subscribe: per client address and per e-mail address. */
  subscribePerHourPerClient: number;
  subscribePerDayPerEmail: number;
  /** How long a confirmation link stays valid. */
  confirmMaxAgeMs: number;
  /** NOTIFIER_LEDGER_RETENTION_DAYS: delivery records older than this are removed (tombstoned). */
  ledgerRetentionMs: number;
  /** Consumer group of the alerts consumer. */
  groupId: string;
  sessionTimeoutMs?: number;
  /** The clock of digest periods (tests move it forward instead of waiting an hour). */
  now: () => number;
}

export const DEFAULT_NOTIFIER_OPTIONS: NotifierOptions = {
  retry: DEFAULT_RETRY_POLICY,
  recipientBurst: 20,
  recipientPerHour: 120,
  sendConcurrency: 16,
  smtpPoolSize: 5,
  smtpTimeoutMs: 15_000,
  digestTickMs: 15_000,
  digestGraceMs: 5_000,
  subscribePerHourPerClient: 10,
  subscribePerDayPerEmail: 3,
  confirmMaxAgeMs: 7 * 86_400_000,
  ledgerRetentionMs: 90 * 86_400_000,
  groupId: 'watchfire-notifier',
  now: () => Date.now(),
};

function int(
  env: Record<string, string | undefined>,
  key: string,
  def: number,
  min: number,
  max: number,
): number {
  const raw = env[key]?.trim();
  if (!raw) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${key}=${JSON.stringify(raw)} must be an integer from ${min} to ${max}`);
  return n;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `24h`, `90m`, `30s`, `500ms`, `2d` (a bare number is milliseconds). */
function duration(
  env: Record<string, string | undefined>,
  key: string,
  def: number,
  min: number,
  max: number,
): number {
  const raw = env[key]?.trim();
  if (!raw) return def;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(raw);
  const ms = m ? Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'ms']) : NaN;
  if (!(ms >= min && ms <= max))
    throw new ConfigError(
      `${key}=${JSON.stringify(raw)} must be a duration such as 24h, 10m or 30s, from ${min} ms to ${max / 86_400_000} days`,
    );
  return ms;
}

/** NOTIFIER_* variables; a bad value stops start-up with one line naming it. */
export function notifierOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): Partial<NotifierOptions> {
  const d = DEFAULT_NOTIFIER_OPTIONS;
  return {
    retry: {
      retryForMs: duration(env, 'NOTIFIER_RETRY_FOR', d.retry.retryForMs, 1_000, 30 * 86_400_000),
      baseMs: int(env, 'NOTIFIER_RETRY_BASE_MS', d.retry.baseMs, 1, 3_600_000),
      capMs: duration(env, 'NOTIFIER_RETRY_MAX_DELAY', d.retry.capMs, 1, 86_400_000),
    },
    recipientBurst: int(env, 'NOTIFIER_RECIPIENT_BURST', d.recipientBurst, 1, 1_000_000),
    recipientPerHour: int(env, 'NOTIFIER_RECIPIENT_PER_HOUR', d.recipientPerHour, 1, 10_000_000),
    sendConcurrency: int(env, 'NOTIFIER_SEND_CONCURRENCY', d.sendConcurrency, 1, 1_000),
    smtpPoolSize: int(env, 'NOTIFIER_SMTP_POOL', d.smtpPoolSize, 1, 100),
    digestTickMs: int(env, 'NOTIFIER_DIGEST_TICK_MS', d.digestTickMs, 50, 3_600_000),
    ledgerRetentionMs:
      int(env, 'NOTIFIER_LEDGER_RETENTION_DAYS', d.ledgerRetentionMs / 86_400_000, 1, 3_650) * 86_400_000,
    ...(env.NOTIFIER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: int(env, 'NOTIFIER_SESSION_TIMEOUT_MS', 30_000, 6_000, 300_000) }
      : {}),
  };
}

export function resolveNotifierOptions(over: Partial<NotifierOptions> = {}): NotifierOptions {
  return {
    ...DEFAULT_NOTIFIER_OPTIONS,
    ...over,
    retry: { ...DEFAULT_NOTIFIER_OPTIONS.retry, ...over.retry },
  };
}

export const NOTIFIER_OPTIONS = Symbol('NOTIFIER_OPTIONS');
