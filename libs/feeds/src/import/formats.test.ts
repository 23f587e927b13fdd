import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  parseCsv,
  parseCsvRecords,
  parseImportText,
  parseJsonArray,
  parseNdjson,
  parseTxtReport,
  UsageError,
} from './formats';

describe('NDJSON', () => {
  it('keeps line numbers, skips blank lines, reports bad lines', () => {
    const p = parseNdjson(
      '{"source":"a","body":"one"}\n\nnot json\n{"source":"a","text":"two","id":7,"tags":[]}\r\n{"body":"three"}\n[1]\n{"source":"a","body":5}\n',
    );
    expect(p.items).toEqual([
      { line: 1, report: { source: 'a', body: 'one' } },
      { line: 3, error: expect.stringMatching(/^not JSON/) },
      { line: 4, report: { source: 'a', body: 'two' } },
      { line: 5, error: expect.stringMatching(/^source: required .*--source/) },
      { line: 6, error: expect.stringMatching(/got an array/) },
      { line: 7, error: 'body: expected a string, got number' },
    ]);
    expect(p.warnings[0]).toMatch(/ignored fields "id", "tags"/);
  });
  it('uses --source for records without one', () => {
    expect(
      parseNdjson('{"body":"x","publishedAt":"2021-07-09"}', { source: 'archive' }).items[0].report,
    ).toEqual({ source: 'archive', body: 'x', publishedAt: '2021-07-09' });
  });
});

describe('JSON array', () => {
  it('parses element by element with the line each starts on', () => {
    const text =
      '[\n  {"source": "a", "body": "one"},\n  {"source": "a",\n   "body": "two, with ] and , inside \\" quotes"},\n  {"source": "a" "body": "bad"},\n  {"source":"b","body":"four"}\n]\n';
    const p = parseJsonArray(text);
    expect(p.items.map((i) => [i.line, i.report?.body ?? i.error?.slice(0, 8)])).toEqual([
      [2, 'one'],
      [3, 'two, with ] and , inside " quotes'],
      [5, 'not JSON'],
      [6, 'four'],
    ]);
  });
  it('reports a truncated array and an empty one', () => {
    const p = parseJsonArray('[{"source":"a","body":"one"},\n{"source":"a","bo');
    expect(p.items[0].report).toBeDefined();
    expect(p.items.some((i) => /truncated/.test(i.error ?? ''))).toBe(true);
    expect(parseJsonArray(' [ ] ').items).toEqual([]);
    expect(() => parseJsonArray('{"a":1}')).toThrow(UsageError);
  });
});

describe('CSV', () => {
  it('parses quotes, escaped quotes, newlines in fields and CRLF', () => {
    expect(parseCsvRecords('a,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 5, fields: ['last', ''] },
    ]);
    expect(parseCsvRecords('"open\nnever closed')[0].error).toMatch(/never closed/);
  });
  it('maps the header (body or text, any case), reports rows by line', () => {
    const csv =
      'Source,Text,Title,URL,publishedAt,extra\nwire,"Taliban seize\nIslam Qala",Headline,https://x.org/a,2021-07-09,z\nwire,,no body,,,\nwire,short row\n';
    const p = parseCsv(csv);
    expect(p.items).toEqual([
      {
        line: 2,
        report: {
          source: 'wire',
          body: 'Taliban seize\nIslam Qala',
          title: 'Headline',
          url: 'https://x.org/a',
          publishedAt: '2021-07-09',
        },
      },
      { line: 4, error: expect.stringMatching(/^body: required/) },
      { line: 5, error: '2 fields where the header has 6' },
    ]);
    expect(p.warnings[0]).toMatch(/ignored column "extra"/);
  });
  it('refuses a header without a body column, or without source and --source', () => {
    expect(() => parseCsv('source,title\na,b\n')).toThrow(/no "body" or "text" column/);
    expect(() => parseCsv('body\nx\n')).toThrow(/--source/);
    expect(parseCsv('body\nx\n', { source: 's' }).items[0].report).toEqual({ source: 's', body: 'x' });
    expect(parseCsv('source;body\na;b\n').items[0].report).toEqual({ source: 'a', body: 'b' });
  });
});

describe('.txt files and detection', () => {
  it('reads a dateline', () => {
    expect(parseTxtReport('a.txt', 'date 2021-07-09\nHERAT — text', 'dir')).toEqual({
      line: 1,
      file: 'a.txt',
      report: { source: 'dir', body: 'HERAT — text', publishedAt: '2021-07-09' },
    });
    expect(parseTxtReport('b.txt', 'no dateline here', 'dir').report).toEqual({
      source: 'dir',
      body: 'no dateline here',
    });
    expect(parseTxtReport('c.txt', 'date 2021-07-09\n', 'dir').error).toBe('only a dateline, no text');
  });
  it('detects the format from extension and content', () => {
    expect(detectFormat('x.csv', '')).toBe('csv');
    expect(detectFormat('x.jsonl', '')).toBe('ndjson');
    expect(detectFormat('x.json', ' [')).toBe('json');
    expect(detectFormat('x.json', '{"a":1}\n{"a":2}')).toBe('ndjson');
    expect(detectFormat('x', '\ufeff[{}]')).toBe('json');
    expect(() => detectFormat('x.bin', 'PK')).toThrow(UsageError);
    expect(() => parseImportText('x.txt', 'text')).toThrow(/--source/);
  });
});
