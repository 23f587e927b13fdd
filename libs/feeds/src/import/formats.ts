/**
 * Input formats of `npm run import`: NDJSON, a JSON array, CSV with a header row, and .txt files
 * with an optional dateline. Pure functions from text to items, each item carrying where it came
 * from (line, file) so that every rejection can be reported against the user's own file.
 */
export interface ReportInput {
  source: string;
  body: string;
  title?: string;
  url?: string;
  publishedAt?: string;
  language?: string;
}

export interface ImportItem {
  /** 1-based line where the record starts. */
  line: number;
  /** For directories: the file the record came from. */
  file?: string;
  report?: ReportInput;
  /** Why this record could not even be sent. */
  error?: string;
}

export interface ParsedInput {
  format: ImportFormat;
  items: ImportItem[];
  /** Non-fatal notes for the user (ignored columns or fields). */
  warnings: string[];
}

export type ImportFormat = 'ndjson' | 'json' | 'csv' | 'txt';

/** A problem with how the command was called or with the file as a whole: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface InputDefaults {
  /** --source: used when a record has none. */
  source?: string;
}

export function where(item: Pick<ImportItem, 'line' | 'file'>): string {
  return item.file ? `${item.file}${item.line > 1 ? `:${item.line}` : ''}` : `line ${item.line}`;
}

const FIELD_ALIASES: Record<string, keyof ReportInput> = {
  source: 'source',
  body: 'body',
  text: 'body',
  title: 'title',
  url: 'url',
  link: 'url',
  publishedat: 'publishedAt',
  published_at: 'publishedAt',
  published: 'publishedAt',
  date: 'publishedAt',
  language: 'language',
  lang: 'language',
};

const canonical = (k: string) =>
  FIELD_ALIASES[k.trim().toLowerCase().replace(/[\s-]/g, '_')] ??
  FIELD_ALIASES[
    k
      .trim()
      .toLowerCase()
      .replace(/[\s_-]/g, '')
  ];

/**
 * One JSON record to a report. Unknown fields are ignored (and noted once); a missing body, a
 * missing source without --source, or a field of the wrong type is an error for that record.
 */
export function recordToReport(
  rec: unknown,
  defaults: InputDefaults,
  ignored: Set<string>,
): ReportInput | string {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec))
    return `expected an object {source, body, title?, url?, publishedAt?}, got ${Array.isArray(rec) ? 'an array' : rec === null ? 'null' : typeof rec}`;
  const out: Partial<Record<keyof ReportInput, string>> = {};
  for (const [k, v] of Object.entries(rec as Record<string, unknown>)) {
    const field = canonical(k);
    if (!field) {
      ignored.add(k);
      continue;
    }
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') return `${k}: expected a string, got ${typeof v}`;
    if (out[field] === undefined) out[field] = v;
  }
  return finish(out, defaults);
}

function finish(
  out: Partial<Record<keyof ReportInput, string>>,
  defaults: InputDefaults,
): ReportInput | string {
  const source = out.source?.trim() || defaults.source;
  if (!out.body || !out.body.trim()) return 'body: required (a "body" or "text" field with the report text)';
  if (!source) return 'source: required (add a "source" field or pass --source NAME)';
  const r: ReportInput = { source, body: out.body };
  if (out.title) r.title = out.title;
  if (out.url) r.url = out.url.trim();
  if (out.publishedAt) r.publishedAt = out.publishedAt.trim();
  if (out.language) r.language = out.language.trim();
  return r;
}

function ignoredWarning(ignored: Set<string>): string[] {
  if (ignored.size === 0) return [];
  const names = [...ignored]
    .slice(0, 10)
    .map((n) => JSON.stringify(n))
    .join(', ');
  return [
    `ignored field${ignored.size > 1 ? 's' : ''} ${names}${ignored.size > 10 ? ` and ${ignored.size - 10} more` : ''} (known: source, body|text, title, url, publishedAt)`,
  ];
}

// ---- NDJSON ------------------------------------------------------------------------------

export function parseNdjson(text: string, defaults: InputDefaults = {}): ParsedInput {
  const ignored = new Set<string>();
  const items: ImportItem[] = [];
  const lines = stripBom(text).split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      items.push({ line: i + 1, error: `not JSON: ${(e as Error).message}` });
      return;
    }
    const r = recordToReport(rec, defaults, ignored);
    items.push(typeof r === 'string' ? { line: i + 1, error: r } : { line: i + 1, report: r });
  });
  return { format: 'ndjson', items, warnings: ignoredWarning(ignored) };
}

// ---- JSON array --------------------------------------------------------------------------

/**
 * A JSON array, element by element: each element is parsed on its own so that one bad element is
 * one rejected line, not a failed file, and every element knows the line it starts on.
 */
export function parseJsonArray(text: string, defaults: InputDefaults = {}): ParsedInput {
  const s = stripBom(text);
  const ignored = new Set<string>();
  const items: ImportItem[] = [];
  let i = 0;
  let line = 1;
  const skipWs = () => {
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
      i++;
    }
  };
  skipWs();
  if (s[i] !== '[') throw new UsageError(`line ${line}: expected a JSON array starting with "["`);
  i++;
  skipWs();
  if (s[i] === ']') return { format: 'json', items, warnings: [] };
  for (;;) {
    skipWs();
    if (i >= s.length) {
      items.push({ line, error: 'the array is not closed (missing "]"): the file looks truncated' });
      break;
    }
    const startLine = line;
    const start = i;
    // scan one value: strings (with escapes) and nesting; stop at a top-level ',' or ']'
    let depth = 0;
    let inString = false;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '\n') line++;
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    const raw = s.slice(start, i);
    let rec: unknown;
    let parsed = true;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      parsed = false;
      items.push({ line: startLine, error: `not JSON: ${(e as Error).message}` });
    }
    if (parsed) {
      const r = recordToReport(rec, defaults, ignored);
      items.push(typeof r === 'string' ? { line: startLine, error: r } : { line: startLine, report: r });
    }
    if (i >= s.length) {
      items.push({ line, error: 'the array is not closed (missing "]"): the file looks truncated' });
      break;
    }
    if (s[i] === ']') {
      i++;
      skipWs();
      if (i < s.length) items.push({ line, error: 'unexpected text after the closing "]"' });
      break;
    }
    i++; // ','
  }
  return { format: 'json', items, warnings: ignoredWarning(ignored) };
}

// ---- CSV -----------------------------------------------------------------------------------

/** RFC 4180 records with the line each starts on: quoted fields, "" escapes, newlines in quotes, CRLF or LF. */
export function parseCsvRecords(
  text: string,
  delimiter = ',',
): Array<{ line: number; fields: string[]; error?: string }> {
  const s = stripBom(text);
  const out: Array<{ line: number; fields: string[]; error?: string }> = [];
  let i = 0;
  let line = 1;
  while (i < s.length) {
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let field = '';
      if (s[i] === '"') {
        i++;
        let closed = false;
        while (i < s.length) {
          const c = s[i];
          if (c === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) error = `a quoted field opened on line ${startLine} is never closed`;
        // tolerate spaces after the closing quote, anything else is an error
        while (s[i] === ' ' || s[i] === '\t') i++;
        if (!error && i < s.length && s[i] !== delimiter && s[i] !== '\n' && s[i] !== '\r')
          error = `unexpected ${JSON.stringify(s[i])} after a closing quote`;
        // skip the rest of a broken field
        while (error && i < s.length && s[i] !== delimiter && s[i] !== '\n') i++;
      } else {
        while (i < s.length && s[i] !== delimiter && s[i] !== '\n' && s[i] !== '\r') field += s[i++];
      }
      fields.push(field);
      if (s[i] === delimiter) {
        i++;
        continue;
      }
      if (s[i] === '\r') i++;
      if (s[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (fields.length === 1 && fields[0] === '' && !error) continue; // blank line
    out.push(error ? { line: startLine, fields, error } : { line: startLine, fields });
  }
  return out;
}

export function parseCsv(text: string, defaults: InputDefaults = {}): ParsedInput {
  const firstLine = stripBom(text).split('\n', 1)[0] ?? '';
  // a header with semicolons and no commas is the European spreadsheet export
  const delimiter =
    !firstLine.includes(',') && firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t') && !firstLine.includes(',')
        ? '\t'
        : ',';
  const records = parseCsvRecords(text, delimiter);
  const header = records.shift();
  if (!header)
    throw new UsageError('the CSV file is empty (expected a header row: source,body,title,url,publishedAt)');
  if (header.error) throw new UsageError(`CSV header (line ${header.line}): ${header.error}`);
  const columns = header.fields.map((h) => canonical(h));
  const warnings: string[] = [];
  const unknown = header.fields.filter((_, k) => !columns[k]);
  if (unknown.length)
    warnings.push(
      `ignored column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: source, body|text, title, url, publishedAt)`,
    );
  if (!columns.includes('body'))
    throw new UsageError(
      `the CSV header (line ${header.line}) has no "body" or "text" column; it has: ${header.fields.map((h) => JSON.stringify(h)).join(', ')}`,
    );
  if (!columns.includes('source') && !defaults.source)
    throw new UsageError('the CSV has no "source" column: add one or pass --source NAME');
  const items: ImportItem[] = records.map((rec) => {
    if (rec.error) return { line: rec.line, error: rec.error };
    if (rec.fields.length !== header.fields.length)
      return {
        line: rec.line,
        error: `${rec.fields.length} fields where the header has ${header.fields.length}`,
      };
    const out: Partial<Record<keyof ReportInput, string>> = {};
    rec.fields.forEach((v, k) => {
      const col = columns[k];
      if (col && v !== '' && out[col] === undefined) out[col] = v;
    });
    const r = finish(out, defaults);
    return typeof r === 'string' ? { line: rec.line, error: r } : { line: rec.line, report: r };
  });
  return { format: 'csv', items, warnings };
}

// ---- .txt ----------------------------------------------------------------------------------

const DATELINE = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(?:\r?\n|$)/i;

/** One .txt file = one report; a first line `date YYYY-MM-DD` is its publication date. */
export function parseTxtReport(file: string, text: string, source: string): ImportItem {
  const t = stripBom(text);
  const m = DATELINE.exec(t);
  const body = m ? t.slice(m[0].length) : t;
  if (!body.trim()) return { line: 1, file, error: m ? 'only a dateline, no text' : 'the file is empty' };
  return { line: 1, file, report: { source, body, ...(m ? { publishedAt: m[1] } : {}) } };
}

// ---- detection -----------------------------------------------------------------------------

/** From the extension first, the content second (a leading "[" is a JSON array). */
export function detectFormat(fileName: string, text: string): ImportFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'txt') return 'txt';
  const first = stripBom(text).trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'ndjson';
  if (ext === 'json') return 'ndjson';
  throw new UsageError(
    `cannot tell the format of ${fileName}: use .ndjson, .json, .csv or .txt, or pass --format`,
  );
}

export function parseImportText(
  fileName: string,
  text: string,
  opts: InputDefaults & { format?: ImportFormat } = {},
): ParsedInput {
  const format = opts.format ?? detectFormat(fileName, text);
  switch (format) {
    case 'ndjson':
      return parseNdjson(text, opts);
    case 'json':
      return parseJsonArray(text, opts);
    case 'csv':
      return parseCsv(text, opts);
    case 'txt': {
      if (!opts.source) throw new UsageError('a .txt file needs --source NAME (who published it)');
      const base = fileName.replace(/^.*[\\/]/, '');
      return { format, items: [parseTxtReport(base, text, opts.source)], warnings: [] };
    }
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
