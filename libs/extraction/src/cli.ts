/**
 * npm run --silent extract -- FILE [--places PLACES.json]
 *
 * FILE is NDJSON, one {"id", "text", "publishedAt"?} per line ("-" reads stdin). For every input
 * line exactly one line is written to stdout, in input order:
 *   {"id":"r1","events":[...]}
 * A line that cannot be used (not JSON, not an object, missing/invalid id or text, bad
 * publishedAt, blank) still gets its line, with an error and no events:
 *   {"id":"r1"|null,"events":[],"error":"line 3: text must be a string"}
 * and the same message goes to stderr. Nothing else is ever written to stdout.
 *
 * Exit status: 0 when every line was extracted; 1 when at least one line had an error (all lines
 * are still processed); 2 when the input cannot be read at all (missing FILE, unreadable file,
 * bad arguments, invalid --places file) - with one line on stderr saying why.
 *
 * --places FILE adds operator places (a JSON array of PlaceEntry, or {"places": [...]}) to the
 * default Afghanistan gazetteer, exactly as the rules service does.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isoDatePart } from './dates';
import { extractEvents } from './extract';
import { buildGazetteer, validatePlaceEntries, type Gazetteer } from './gazetteer';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const USAGE =
  'usage: extract FILE [--places PLACES.json]   (FILE: NDJSON of {"id","text","publishedAt"?}; "-" for stdin)';

export async function main(argv: string[], io: CliIo): Promise<number> {
  const err = (msg: string) => io.stderr.write(`extract: ${msg}\n`);
  let file: string | undefined;
  let placesFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      io.stderr.write(`${USAGE}\n`);
      return 0;
    } else if (a === '--places') {
      placesFile = argv[++i];
      if (!placesFile) {
        err('--places needs a file');
        return 2;
      }
    } else if (a.startsWith('--places=')) placesFile = a.slice('--places='.length);
    else if (a.startsWith('-') && a !== '-') {
      err(`unknown option ${a}; ${USAGE}`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      err(`one input file only; ${USAGE}`);
      return 2;
    }
  }
  if (file === undefined) {
    err(`no input file; ${USAGE}`);
    return 2;
  }

  let gazetteer: Gazetteer;
  try {
    gazetteer = loadGazetteer(placesFile);
  } catch (e) {
    err((e as Error).message);
    return 2;
  }

  let input: Readable;
  if (file === '-') input = io.stdin;
  else {
    if (!existsSync(file)) {
      err(`cannot read ${file}: no such file`);
      return 2;
    }
    if (statSync(file).isDirectory()) {
      err(`cannot read ${file}: is a directory`);
      return 2;
    }
    input = createReadStream(file, { encoding: 'utf8' });
  }

  let failed = 0;
  let lineNo = 0;
  let broken = false;
  const write = (s: string): Promise<void> =>
    new Promise((resolve) => {
      if (broken) return resolve();
      if (io.stdout.write(s)) resolve();
      else io.stdout.once('drain', resolve);
    });
  io.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // Reader went away (e.g. piped into head): stop quietly.
    if (e.code === 'EPIPE') broken = true;
  });

  try {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const raw of rl) {
      lineNo++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const out = processLine(line, lineNo, gazetteer);
      if ('error' in out) {
        failed++;
        err(out.error);
      }
      await write(`${JSON.stringify(out)}\n`);
      if (broken) break;
    }
  } catch (e) {
    err(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  return failed ? 1 : 0;
}

function loadGazetteer(placesFile: string | undefined): Gazetteer {
  if (!placesFile) return buildGazetteer();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(placesFile, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `cannot read places file ${placesFile}: no such file`
        : `places file ${placesFile} is not valid JSON: ${(e as Error).message}`,
    );
  }
  const v = validatePlaceEntries(parsed);
  if (!v.ok)
    throw new Error(
      `invalid places file ${placesFile}: ${v.errors.slice(0, 5).join('; ')}${v.errors.length > 5 ? ` (and ${v.errors.length - 5} more)` : ''}`,
    );
  return buildGazetteer(v.places);
}

type LineResult =
  { id: string; events: ReturnType<typeof extractEvents> } | { id: string | null; events: []; error: string };

/** One NDJSON line to its output object (never throws). */
export function processLine(line: string, lineNo: number, gazetteer: Gazetteer): LineResult {
  const fail = (id: string | null, msg: string): LineResult => ({
    id,
    events: [],
    error: `line ${lineNo}: ${msg}`,
  });
  if (!line.trim()) return fail(null, 'empty line');
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return fail(null, `not valid JSON (${(e as Error).message})`);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    return fail(null, 'expected a JSON object {"id","text","publishedAt"?}');
  const o = obj as Record<string, unknown>;
  let id: string | null = null;
  if (typeof o.id === 'string' && o.id.length > 0) id = o.id;
  else if (typeof o.id === 'number' && Number.isFinite(o.id)) id = String(o.id);
  if (id === null) return fail(null, 'id must be a non-empty string');
  if (typeof o.text !== 'string') return fail(id, 'text must be a string');
  let publishedAt: string | undefined;
  if (o.publishedAt !== undefined && o.publishedAt !== null) {
    if (typeof o.publishedAt !== 'string' || !isoDatePart(o.publishedAt))
      return fail(id, 'publishedAt must be an ISO date or datetime (YYYY-MM-DD...)');
    publishedAt = o.publishedAt;
  }
  try {
    const events = extractEvents(
      { id, text: o.text, publishedAt, title: typeof o.title === 'string' ? o.title : undefined },
      { gazetteer },
    );
    return { id, events };
  } catch (e) {
    return fail(id, `extraction failed: ${(e as Error).message}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`extract: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
