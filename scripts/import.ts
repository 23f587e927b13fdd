/**
 * npm run import -- FILE [--source NAME] [--format ndjson|json|csv|txt] [--batch-size N] [--concurrency N]
 *
 * Sends reports from a file (NDJSON, JSON array, CSV) or a directory of .txt files to the
 * ingestion service (INGESTION_URL, default http://127.0.0.1:3001) through POST /reports/batch,
 * with progress on stderr and a summary on stdout. Exit codes: 0 all accepted or duplicates,
 * 1 something was rejected or could not be sent, 2 usage error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  exitCodeOf,
  findInvalidUtf8,
  formatSummary,
  type ImportFormat,
  type ImportItem,
  parseImportText,
  parseTxtReport,
  runImport,
  UsageError,
} from '../libs/feeds/src';

const USAGE = `Usage: npm run import -- FILE|DIRECTORY [options]

  FILE         .ndjson/.jsonl (one {source, body, title?, url?, publishedAt?} a line),
               .json (an array of them), .csv (header row: source,body|text,title,url,publishedAt)
  DIRECTORY    .txt files, one report each; a first line "date YYYY-MM-DD" is the publication date

Options:
  --source NAME       source for records without one (default for a directory: its name)
  --format F          ndjson | json | csv | txt (default: from the extension and content)
  --batch-size N      reports per request (default 500, at most 1000)
  --concurrency N     requests in flight (default 2)
  --quiet             no progress output

Environment: INGESTION_URL (default http://127.0.0.1:3001), OPERATOR_TOKEN (sent as a bearer token).
Exit status: 0 everything accepted or already known, 1 something rejected or not sent, 2 usage error.`;

interface Args {
  target: string;
  source?: string;
  format?: ImportFormat;
  batchSize: number;
  concurrency: number;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args | 'help' {
  const a: Partial<Args> & { batchSize: number; concurrency: number; quiet: boolean } = {
    batchSize: 500,
    concurrency: 2,
    quiet: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg.split('=')[0]} needs a value`);
      return v;
    };
    const name = arg.split('=')[0];
    if (name === '-h' || name === '--help') return 'help';
    else if (name === '--source') a.source = value().trim();
    else if (name === '--format') {
      const f = value();
      if (!['ndjson', 'json', 'csv', 'txt'].includes(f))
        throw new UsageError(`--format must be ndjson, json, csv or txt, not ${JSON.stringify(f)}`);
      a.format = f as ImportFormat;
    } else if (name === '--batch-size' || name === '--concurrency') {
      const n = Number(value());
      const max = name === '--batch-size' ? 1000 : 16;
      if (!Number.isInteger(n) || n < 1 || n > max)
        throw new UsageError(`${name} must be an integer from 1 to ${max}`);
      if (name === '--batch-size') a.batchSize = n;
      else a.concurrency = n;
    } else if (name === '--quiet' || name === '-q') a.quiet = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1)
    throw new UsageError(
      positional.length ? 'give exactly one FILE or DIRECTORY' : 'missing FILE or DIRECTORY',
    );
  return { ...a, target: positional[0] };
}

function readInput(args: Args): { items: ImportItem[]; warnings: string[]; format: string } {
  let st;
  try {
    st = statSync(args.target);
  } catch {
    throw new UsageError(`${args.target}: no such file or directory`);
  }
  if (st.isDirectory()) {
    const source = args.source || path.basename(path.resolve(args.target));
    const files = readdirSync(args.target)
      .filter((f) => f.toLowerCase().endsWith('.txt'))
      .sort();
    if (files.length === 0) throw new UsageError(`${args.target} has no .txt files`);
    const items = files.map((f): ImportItem => {
      const bytes = readFileSync(path.join(args.target, f));
      const bad = invalidUtf8Lines(bytes);
      if (bad.length)
        return {
          line: bad[0],
          file: f,
          error: `not valid UTF-8 (line ${bad[0]}); convert the file to UTF-8`,
        };
      return parseTxtReport(f, bytes.toString('utf8'), source);
    });
    return { format: 'txt directory', warnings: [], items };
  }
  const buf = readFileSync(args.target);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  const parsed = parseImportText(args.target, text, {
    ...(args.source ? { source: args.source } : {}),
    ...(args.format ? { format: args.format } : {}),
  });
  return { ...parsed, items: markInvalidUtf8(parsed.items, invalidUtf8Lines(buf)) };
}

/** 1-based lines holding bytes that are not UTF-8. */
function invalidUtf8Lines(buf: Buffer): number[] {
  const lines: number[] = [];
  let offset = 0;
  let line = 1;
  let counted = 0;
  for (;;) {
    const rel = findInvalidUtf8(buf.subarray(offset));
    if (rel < 0) return lines;
    const at = offset + rel;
    for (let k = counted; k < at; k++) if (buf[k] === 10) line++;
    counted = at;
    if (lines[lines.length - 1] !== line) lines.push(line);
    offset = at + 1;
  }
}

/** The record a bad line belongs to (the last one starting at or before it) cannot be sent as written. */
function markInvalidUtf8(items: ImportItem[], badLines: number[]): ImportItem[] {
  if (badLines.length === 0) return items;
  const out = [...items];
  for (const bad of badLines) {
    let k = -1;
    for (let j = 0; j < out.length; j++) if (out[j].line <= bad) k = j;
    if (k >= 0)
      out[k] = { line: out[k].line, error: `not valid UTF-8 (invalid byte sequence on line ${bad})` };
  }
  return out;
}

async function main(): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`import: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const baseUrl = (process.env.INGESTION_URL?.trim() || 'http://127.0.0.1:3001').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    process.stderr.write(`import: INGESTION_URL must be an http(s) URL such as http://127.0.0.1:3001\n`);
    return 2;
  }
  let input: ReturnType<typeof readInput>;
  try {
    input = readInput(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`import: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const w of input.warnings) process.stderr.write(`import: warning: ${w}\n`);
  if (input.items.length === 0) {
    process.stderr.write(`import: ${args.target} has no records\n`);
    return 2;
  }
  process.stderr.write(
    `import: ${input.items.length} record(s) (${input.format}) -> ${baseUrl}/reports/batch\n`,
  );
  const token = process.env.OPERATOR_TOKEN?.trim();
  const summary = await runImport(input.items, {
    baseUrl,
    ...(token ? { token } : {}),
    batchSize: args.batchSize,
    concurrency: args.concurrency,
    ...(args.quiet ? {} : { progress: process.stderr }),
  });
  process.stdout.write(formatSummary(summary));
  return exitCodeOf(summary);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`import: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
