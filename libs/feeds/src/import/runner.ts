/**
 * Sends parsed import items to POST /reports/batch in bounded batches, a few in flight, retrying
 * what is worth retrying (connection trouble, 429 with Retry-After, 502-504), halving a batch the
 * server finds too large (413), and collecting the outcome of every record against its line.
 */
import { type ImportItem, type ReportInput, where } from './formats';
import { ProgressBar, type ProgressStream } from './progress';

export interface RunImportOptions {
  /** Base URL of the ingestion service, e.g. http://127.0.0.1:3001. */
  baseUrl: string;
  token?: string;
  batchSize?: number;
  /** Serialised bytes per request, below the service's body limit. */
  maxBatchBytes?: number;
  concurrency?: number;
  /** Attempts per batch for retryable failures. */
  attempts?: number;
  progress?: ProgressStream;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Per request. */
  timeoutMs?: number;
}

export interface Rejection {
  where: string;
  line: number;
  file?: string;
  error: string;
}

export interface ImportSummary {
  total: number;
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  /** Records that were not processed because the run stopped (unreachable service, 401, ...). */
  notSent: number;
  /** Why the run stopped early. */
  fatal?: string;
  elapsedMs: number;
}

interface BatchAnswer {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; error: string }>;
}

class FatalImportError extends Error {}
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
class TooLargeError extends Error {}

const sleepDefault = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Splits into batches of at most `size` items and `maxBytes` of JSON. */
export function makeBatches(items: ImportItem[], size: number, maxBytes: number): ImportItem[][] {
  const batches: ImportItem[][] = [];
  let current: ImportItem[] = [];
  let bytes = 2;
  for (const it of items) {
    const b = Buffer.byteLength(JSON.stringify(it.report)) + 1;
    if (current.length && (current.length >= size || bytes + b > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 2;
    }
    current.push(it);
    bytes += b;
  }
  if (current.length) batches.push(current);
  return batches;
}

export async function runImport(items: ImportItem[], opts: RunImportOptions): Promise<ImportSummary> {
  const now = opts.now ?? Date.now;
  const started = now();
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? sleepDefault;
  const attempts = opts.attempts ?? 6;
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/reports/batch`;
  const summary: ImportSummary = {
    total: items.length,
    accepted: 0,
    duplicates: 0,
    rejected: [],
    notSent: 0,
    elapsedMs: 0,
  };
  const reject = (it: ImportItem, error: string) =>
    summary.rejected.push({ where: where(it), line: it.line, ...(it.file ? { file: it.file } : {}), error });

  const bar = opts.progress
    ? new ProgressBar({ total: items.length, stream: opts.progress, now })
    : undefined;
  let done = 0;
  const advance = (n: number) => {
    done += n;
    bar?.update(done);
  };

  const sendable: ImportItem[] = [];
  for (const it of items) {
    if (it.report) sendable.push(it);
    else reject(it, it.error ?? 'unreadable');
  }
  advance(items.length - sendable.length);

  const post = async (batch: ImportItem[]): Promise<BatchAnswer> => {
    const body = JSON.stringify(batch.map((b) => b.report as ReportInput));
    for (let attempt = 1; ; attempt++) {
      try {
        return await postOnce(doFetch, url, body, opts.token, opts.timeoutMs ?? 120_000);
      } catch (e) {
        if (!(e instanceof RetryableError) || attempt >= attempts) {
          if (e instanceof RetryableError)
            throw new FatalImportError(`${e.message} (gave up after ${attempt} attempts)`);
          throw e;
        }
        await sleep(e.retryAfterMs ?? Math.min(30_000, 250 * 2 ** (attempt - 1)));
      }
    }
  };

  const handle = async (batch: ImportItem[]): Promise<void> => {
    let answer: BatchAnswer;
    try {
      answer = await post(batch);
    } catch (e) {
      if (e instanceof TooLargeError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await handle(batch.slice(0, half));
        await handle(batch.slice(half));
        return;
      }
      if (e instanceof TooLargeError) {
        reject(batch[0], e.message);
        advance(1);
        return;
      }
      throw e;
    }
    summary.accepted += answer.accepted;
    summary.duplicates += answer.duplicates;
    for (const r of answer.rejected) {
      const it = batch[r.index];
      if (it) reject(it, r.error);
    }
    advance(batch.length);
  };

  const queue = makeBatches(sendable, opts.batchSize ?? 500, opts.maxBatchBytes ?? 4 * 1024 * 1024);
  let next = 0;
  const worker = async () => {
    while (!summary.fatal && next < queue.length) {
      const batch = queue[next++];
      try {
        await handle(batch);
      } catch (e) {
        summary.fatal ??= (e as Error).message;
        summary.notSent += batch.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  for (let k = next; k < queue.length; k++) summary.notSent += queue[k].length;
  bar?.finish();
  summary.rejected.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
  summary.elapsedMs = now() - started;
  return summary;
}

async function postOnce(
  doFetch: typeof fetch,
  url: string,
  body: string,
  token: string | undefined,
  timeoutMs: number,
): Promise<BatchAnswer> {
  let res: Response;
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new RetryableError(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  const message = err?.message
    ? `${err.code ?? res.status}: ${err.message}`
    : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (res.status === 202 || res.status === 200) {
    const a = json as Partial<BatchAnswer> | undefined;
    if (
      !a ||
      typeof a.accepted !== 'number' ||
      typeof a.duplicates !== 'number' ||
      !Array.isArray(a.rejected)
    ) {
      throw new FatalImportError(`unexpected answer from ${url}: ${text.slice(0, 200)}`);
    }
    return { accepted: a.accepted, duplicates: a.duplicates, rejected: a.rejected };
  }
  if (res.status === 413) throw new TooLargeError(message);
  if (
    res.status === 429 ||
    res.status === 502 ||
    res.status === 503 ||
    res.status === 504 ||
    res.status === 408
  ) {
    const ra = res.headers.get('retry-after');
    const secs = ra && /^\d+$/.test(ra.trim()) ? Number(ra.trim()) : undefined;
    throw new RetryableError(
      `HTTP ${res.status} from ${url}: ${message}`,
      secs !== undefined ? Math.min(60_000, secs * 1000) : undefined,
    );
  }
  if (res.status === 401 || res.status === 403)
    throw new FatalImportError(`${message} — set OPERATOR_TOKEN to the operator token`);
  if (res.status === 404)
    throw new FatalImportError(`${url} not found (HTTP 404): is INGESTION_URL the ingestion service?`);
  throw new FatalImportError(`HTTP ${res.status} from ${url}: ${message}`);
}

/** The final report for stdout. */
export function formatSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const secs = (s.elapsedMs / 1000).toFixed(1);
  lines.push(
    `Imported ${s.total} record${s.total === 1 ? '' : 's'} in ${secs}s: ${s.accepted} accepted, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'}, ${s.rejected.length} rejected${s.notSent ? `, ${s.notSent} not sent` : ''}`,
  );
  if (s.rejected.length) {
    lines.push('Rejected:');
    for (const r of s.rejected) lines.push(`  ${r.where}: ${r.error}`);
  }
  if (s.fatal) lines.push(`Stopped: ${s.fatal}`);
  return `${lines.join('\n')}\n`;
}

/** 0 all good, 1 something was rejected or not sent. */
export function exitCodeOf(s: ImportSummary): number {
  return s.rejected.length || s.notSent || s.fatal ? 1 : 0;
}
