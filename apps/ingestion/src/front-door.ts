/**
 * The ingestion service's front door, before any controller runs: a per-client rate limit (429
 * with Retry-After, checked before the body is read), body size limits per route (413), and
 * strict UTF-8 on the raw bytes (a body with invalid byte sequences is refused, not silently
 * "repaired" with U+FFFD).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { findInvalidUtf8 } from '@watchfire/feeds';
import { bodyParserErrorBody, ConfigError, TokenBucketLimiter } from '@watchfire/common';
import { parseAllowedHosts, type AllowedHost } from '@watchfire/feeds';
import { parseJsonArrayItems } from './json-items';

export interface IngestionOptions {
  /** Token bucket per client address: sustained requests per second and burst. 0 = no limit. */
  ratePerSecond: number;
  rateBurst: number;
  /** Body limits in bytes. */
  limits: { single: number; batch: number; other: number };
  /** FEEDS_ALLOWED_HOSTS: hosts feeds may be fetched from even though they resolve to non-public addresses. */
  feedsAllowedHosts: AllowedHost[];
  /** Feeds polled at once by this instance. */
  feedsConcurrency: number;
  /** How often the poller looks for due feeds. */
  feedsTickMs: number;
  /** Poll registered feeds at all (off for benchmarks and tests that do not want it). */
  feedsPolling: boolean;
  /** INGESTION_DEDUP_IDS: report ids remembered for de-duplication (the newest; see RecentIds). */
  dedupIds: number;
}

type Env = Record<string, string | undefined>;

function num(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = env[key]?.trim();
  if (!raw) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new ConfigError(`${key}=${JSON.stringify(raw)} must be a number from ${min} to ${max}`);
  return n;
}

/** The ingestion-only settings, from the environment; a bad one is a one-line ConfigError. */
export function ingestionOptionsFromEnv(env: Env = process.env): IngestionOptions {
  let feedsAllowedHosts: AllowedHost[];
  try {
    feedsAllowedHosts = parseAllowedHosts(env.FEEDS_ALLOWED_HOSTS);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const polling = (env.FEEDS_POLLING ?? 'on').trim().toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(polling))
    throw new ConfigError('FEEDS_POLLING must be on or off');
  return {
    ratePerSecond: num(env, 'INGESTION_RATE_PER_SECOND', 50, 0, 1e6),
    rateBurst: num(env, 'INGESTION_RATE_BURST', 100, 1, 1e6),
    limits: { single: 1024 * 1024, batch: 16 * 1024 * 1024, other: 64 * 1024 },
    feedsAllowedHosts,
    feedsConcurrency: num(env, 'FEEDS_POLL_CONCURRENCY', 4, 1, 64),
    feedsTickMs: num(env, 'FEEDS_TICK_MS', 1_000, 10, 60_000),
    feedsPolling: ['on', 'true', '1'].includes(polling),
    dedupIds: num(env, 'INGESTION_DEDUP_IDS', 1_000_000, 1_000, 100_000_000),
  };
}

// ---- rate limit ----------------------------------------------------------------------------

/** A token bucket per client address; none when INGESTION_RATE_PER_SECOND is 0 (no limit). */
export function clientRateLimiter(perSecond: number, burst: number): TokenBucketLimiter | undefined {
  return perSecond > 0
    ? new TokenBucketLimiter({ capacity: burst, refillPerSecond: perSecond, maxKeys: 50_000 })
    : undefined;
}

const UNLIMITED = new Set(['/health', '/metrics']);

export function rateLimitMiddleware(
  limiter: TokenBucketLimiter | undefined,
  onLimited?: () => void,
  now: () => number = Date.now,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!limiter || UNLIMITED.has(req.path)) return next();
    const key = req.socket.remoteAddress ?? 'unknown';
    const { allowed, retryAfterMs } = limiter.take(key, now());
    if (allowed) return next();
    onLimited?.();
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    // the body is not read: close the connection rather than leave it half-consumed
    res.setHeader('Connection', 'close');
    res.status(429).json({
      error: {
        code: 'rate_limited',
        message: `Too many requests from this client; retry after ${seconds}s`,
      },
    });
  };
}

// ---- bodies --------------------------------------------------------------------------------

class InvalidUtf8Error extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly type = 'encoding.invalid_utf8';
}

/** The declared charset is UTF-8, or none is declared. */
const isUtf8Declared = (req: Request) => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i
    .exec(req.headers['content-type'] ?? '')?.[1]
    ?.toLowerCase();
  return !charset || charset === 'utf-8' || charset === 'utf8';
};

/** body-parser `verify`: the raw bytes must be UTF-8 when the declared charset is UTF-8 (or none). */
function verifyUtf8(req: Request, _res: Response, buf: Buffer): void {
  if (!isUtf8Declared(req)) return;
  const at = findInvalidUtf8(buf);
  if (at >= 0) {
    const line = buf.subarray(0, at).reduce((n, b) => (b === 10 ? n + 1 : n), 1);
    throw new InvalidUtf8Error(
      `The body is not valid UTF-8: invalid byte 0x${buf[at].toString(16).padStart(2, '0')} at byte ${at} (line ${line}); send UTF-8`,
    );
  }
}

const JSON_TYPES = ['application/json', 'application/*+json'];

class JsonSyntaxError extends SyntaxError {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly type = 'entity.parse.failed';
}

/**
 * JSON in UTF-8 (nearly every client): the bytes are read whole, checked as UTF-8 natively and
 * decoded in one call. body-parser's json() decodes through iconv-lite chunk by chunk, which cost
 * more than validating the reports; it stays for the other charsets it supports. Array bodies
 * (batches) are parsed item by item from the bytes (json-items.ts).
 * Same contract as body-parser's strict json(): an object or array, `{}` for an empty body.
 */
function utf8Json(limit: number): RequestHandler[] {
  const read = express.raw({
    limit,
    type: (req) => isUtf8Declared(req as Request) && !!(req as Request).is(JSON_TYPES),
    verify: verifyUtf8,
  });
  const parse: RequestHandler = (req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) return next();
    const bom = req.body[0] === 0xef && req.body[1] === 0xbb && req.body[2] === 0xbf ? 3 : 0;
    const items = parseJsonArrayItems(req.body, bom);
    if (items) {
      req.body = items;
      return next();
    }
    let text = req.body.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const first = /\S/.exec(text);
    if (!first) {
      req.body = {};
      return next();
    }
    if (first[0] !== '{' && first[0] !== '[')
      return next(
        new JsonSyntaxError(
          `Unexpected token ${JSON.stringify(first[0])} at position ${first.index}: expected an object or an array`,
        ),
      );
    try {
      req.body = JSON.parse(text) as unknown;
    } catch (e) {
      return next(new JsonSyntaxError((e as Error).message));
    }
    next();
  };
  return [read, parse];
}

function parsers(limit: number): RequestHandler[] {
  return [
    ...utf8Json(limit),
    express.json({ limit, type: JSON_TYPES, verify: verifyUtf8 }),
    express.text({
      limit,
      type: ['text/plain', 'application/x-ndjson', 'application/ndjson'],
      defaultCharset: 'utf-8',
      verify: verifyUtf8,
    }),
    express.urlencoded({ limit: '16kb', extended: false }),
  ];
}

/**
 * Body parsers with a limit per route: one report (1 MiB), a batch (16 MiB), anything else
 * (64 KiB). A body parsed by an earlier, more specific parser is not parsed again.
 */
export function bodyParsers(limits: IngestionOptions['limits']): Array<[string, RequestHandler[]]> {
  return [
    ['/reports/batch', parsers(limits.batch)],
    ['/reports', parsers(limits.single)],
    ['/', parsers(limits.other)],
  ];
}

/** Turns a body-parser failure into the contract's error body (the shared mapping in libs/common). */
export function bodyErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const mapped = bodyParserErrorBody(err);
  if (!mapped || res.headersSent) return next(err);
  res.status(mapped.status).json(mapped.body);
}
