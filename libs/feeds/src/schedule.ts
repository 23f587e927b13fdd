/**
 * When to poll a feed next, as pure functions of its state and the clock. A healthy feed is polled
 * every intervalSeconds; a failing one backs off exponentially (interval x 2^(failures-1), at most
 * six hours, or the interval if that is longer) and honours Retry-After. A small per-feed offset,
 * derived from the id, keeps feeds registered together from being polled in lockstep.
 */
import { createHash } from 'node:crypto';

export const SCHEDULE = {
  defaultIntervalSeconds: 300,
  minIntervalSeconds: 30,
  maxIntervalSeconds: 86_400,
  maxBackoffSeconds: 6 * 3600,
} as const;

export interface PollTiming {
  id: string;
  intervalSeconds: number;
  lastPolledAt?: string;
  consecutiveFailures?: number;
  /** From the last error's Retry-After, when there was one. */
  retryAfterSeconds?: number;
}

/** A stable fraction in [0, 0.1) per feed id. */
export function jitterFraction(id: string): number {
  return (createHash('sha256').update(id).digest().readUInt16BE(0) / 65_536) * 0.1;
}

/** Seconds to wait after a poll with this many consecutive failures (0 = the last poll succeeded). */
export function delayAfter(intervalSeconds: number, failures: number, retryAfterSeconds?: number): number {
  if (failures <= 0) return intervalSeconds;
  const cap = Math.max(SCHEDULE.maxBackoffSeconds, intervalSeconds);
  const backoff = Math.min(cap, intervalSeconds * 2 ** Math.min(failures - 1, 20));
  return Math.max(backoff, Math.min(retryAfterSeconds ?? 0, 86_400));
}

/** When the feed should be polled next; a feed never polled is due now. */
export function nextPollAt(t: PollTiming): Date {
  if (!t.lastPolledAt) return new Date(0);
  const last = Date.parse(t.lastPolledAt);
  const delay = delayAfter(t.intervalSeconds, t.consecutiveFailures ?? 0, t.retryAfterSeconds);
  return new Date(Math.round(last + delay * 1000 * (1 + jitterFraction(t.id))));
}

export function isDue(t: PollTiming, now: Date): boolean {
  return nextPollAt(t).getTime() <= now.getTime();
}

/** "4m", "2h 5m", "1d 3h": for status lines. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
  if (s < 86_400)
    return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)}h` : ''}`;
}

export type PollOutcome =
  | { kind: 'ok'; httpStatus: number; newItems: number; seenItems: number; skipped: number }
  | { kind: 'not-modified' }
  | { kind: 'error'; code: string; message: string };

/** The one-line status shown by GET /feeds (at most 200 characters, as the contract allows). */
export function statusText(outcome: PollOutcome, failures: number, nextInSeconds: number): string {
  let s: string;
  if (outcome.kind === 'ok') {
    s = `ok: ${outcome.newItems} new, ${outcome.seenItems} already seen${outcome.skipped ? `, ${outcome.skipped} skipped` : ''} (HTTP ${outcome.httpStatus})`;
  } else if (outcome.kind === 'not-modified') {
    s = 'ok: not modified (HTTP 304)';
  } else {
    s = `error (${failures} in a row, next try in ${formatDuration(nextInSeconds)}): ${outcome.code}: ${outcome.message}`;
  }
  return s.length > 200 ? `${s.slice(0, 199)}\u2026` : s;
}
