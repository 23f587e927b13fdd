import { describe, expect, it } from 'vitest';
import { contentHashOf, normaliseReport, normaliseText, parseNdjson, parsePlainTextReport } from './report-input';

describe('text/plain reports', () => {
  it('takes a leading dateline as publishedAt and keeps the rest as the body', () => {
    const r = parsePlainTextReport('date 2021-07-09\nKABUL — text', 'wire');
    expect(r).toEqual({ source: 'wire', body: 'KABUL — text', publishedAt: '2021-07-09' });
  });
  it('has no dateline when the first line is text', () => {
    expect(parsePlainTextReport('KABUL — on date 2021-07-09', 'wire')).toEqual({ source: 'wire', body: 'KABUL — on date 2021-07-09' });
  });
  it('asks for ?source= when it is missing', () => {
    const r = parsePlainTextReport('text', undefined);
    expect(Array.isArray(r) && r[0]).toEqual({ path: 'source', message: expect.stringContaining('?source=') });
  });
  it('refuses an impossible dateline date', () => {
    const r = parsePlainTextReport('date 2021-13-45\ntext', 'wire');
    expect(Array.isArray(r) && r.map((e) => e.path)).toEqual(['publishedAt']);
  });
});

describe('normalisation and identity', () => {
  it('removes control characters and CRLF but keeps the words', () => {
    expect(normaliseText('a\r\nb\u0000c\u0007  \n\n\n\nd\ufeff')).toBe('a\nbc\n\nd');
  });
  it('gives the same id to the same story however it is spaced or cased', () => {
    const a = normaliseReport({ source: 'x', body: 'Taliban  seize\nIslam Qala' });
    const b = normaliseReport({ source: 'y', body: 'taliban seize islam qala ' });
    expect(!Array.isArray(a) && !Array.isArray(b) && a.id === b.id).toBe(true);
    expect(contentHashOf('a')).not.toBe(contentHashOf('b'));
  });
  it('turns a date into a UTC midnight date-time', () => {
    const r = normaliseReport({ source: 'x', body: 'b', publishedAt: '2021-07-09' });
    expect(!Array.isArray(r) && r.publishedAt).toBe('2021-07-09T00:00:00.000Z');
  });
  it('refuses a body that is only whitespace and control characters', () => {
    expect(normaliseReport({ source: 'x', body: ' \u0000\n ' })).toEqual([{ path: 'body', message: expect.any(String) }]);
  });
});

describe('NDJSON batches', () => {
  it('keeps a bad line as an error at its index', () => {
    const items = parseNdjson('{"a":1}\n\nnot json\n{"b":2}\n');
    expect(items).toHaveLength(3);
    expect(items[1]).toEqual({ __parseError: expect.stringContaining('not JSON') });
  });
});
