import { describe, expect, it } from 'vitest';
import { parseWith, REPORT_LIMITS, ReportSchema } from '@watchfire/contracts';
import { prng } from '@watchfire/rules-engine/testing';
import {
  contentHashOf,
  normaliseReport,
  normaliseText,
  parseNdjson,
  parsePlainTextReport,
  reportMessage,
  ReportRequestSchema,
} from './report-input';

describe('text/plain reports', () => {
  it('takes a leading dateline as publishedAt and keeps the rest as the body', () => {
    const r = parsePlainTextReport('date 2021-07-09\nKABUL — text', 'wire');
    expect(r).toEqual({ source: 'wire', body: 'KABUL — text', publishedAt: '2021-07-09' });
  });
  it('takes a dateline that shares its line with the text, as the seed article has it', () => {
    const r = parsePlainTextReport(' date 2021-07-09 Taliban said that they have seized it.', 'wire');
    expect(r).toEqual({
      source: 'wire',
      body: 'Taliban said that they have seized it.',
      publishedAt: '2021-07-09',
    });
  });
  it('has no dateline when the first line is text', () => {
    expect(parsePlainTextReport('KABUL — on date 2021-07-09', 'wire')).toEqual({
      source: 'wire',
      body: 'KABUL — on date 2021-07-09',
    });
  });
  it('asks for ?source= when it is missing', () => {
    const r = parsePlainTextReport('text', undefined);
    expect(Array.isArray(r) && r[0]).toEqual({
      path: 'source',
      message: expect.stringContaining('?source='),
    });
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
    expect(normaliseReport({ source: 'x', body: ' \u0000\n ' })).toEqual([
      { path: 'body', message: expect.any(String) },
    ]);
  });
});

describe('NDJSON batches', () => {
  it('keeps a bad line as an error at its index', () => {
    const items = parseNdjson('{"a":1}\n\nnot json\n{"b":2}\n');
    expect(items).toHaveLength(3);
    expect(items[1]).toEqual({ __parseError: expect.stringContaining('not JSON') });
  });
});

describe('published reports satisfy the topic schema by construction', () => {
  it('holds for random requests, markup, odd Unicode and edge values (seeded)', () => {
    const r = prng(2021);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const bits = [
      'Taliban',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      '\u0000',
      '\u0007',
      '<p>',
      '</p>',
      '<script>x</script>',
      '&amp;',
      '&nbsp;',
      '&#x1F600;',
      '&bogus;',
      'é',
      'e\u0301',
      '\u0344',
      '\ufb2c',
      'ﷺ',
      '😀',
      '\u200b',
      '\ufeff',
      'ق',
      'Кабул',
      '<br/>',
      '&lt;b&gt;',
    ];
    const text = (max: number) => Array.from({ length: Math.floor(r() * max) }, () => pick(bits)).join('');
    const maybe = <T>(x: () => T) => (r() < 0.5 ? x() : undefined);
    let published = 0;
    for (let n = 0; n < 3_000; n++) {
      const req = {
        source: r() < 0.05 ? '' : text(6) || 'wire',
        body: r() < 0.02 ? 'x'.repeat(REPORT_LIMITS.bodyChars - 3) + '\u0344\u0344\u0344' : text(40),
        title: maybe(() => (r() < 0.05 ? '\u0344'.repeat(REPORT_LIMITS.titleChars) : text(8))),
        url: maybe(() =>
          pick([
            'https://example.org/a?b=c',
            'http://x.test/',
            'ftp://x',
            'not a url',
            `https://x.test/${'p'.repeat(3_000)}`,
          ]),
        ),
        publishedAt: maybe(() =>
          pick([
            '2021-07-09',
            '2021-07-09T08:00:00Z',
            '2021-07-09T08:00:00+04:30',
            '2021-02-30',
            '09/07/2021',
            '2021-07-09T08:00:00.123456Z',
          ]),
        ),
        language: maybe(() =>
          pick(['en', 'fa-AF', 'ps', 'zh-Hant-TW', 'en-abcdefgh-abcdefgh', 'english', 'x']),
        ),
      };
      const parsed = parseWith(ReportRequestSchema, req);
      if (!parsed.ok) continue;
      const normalised = normaliseReport(parsed.value, r() < 0.3 ? 'feed-0123456789abcdef0123' : undefined);
      if (Array.isArray(normalised)) continue;
      const check = ReportSchema.safeParse(reportMessage(normalised, new Date().toISOString()));
      expect(check.success, `${JSON.stringify(req).slice(0, 300)}: ${check.error?.message}`).toBe(true);
      published++;
    }
    expect(published).toBeGreaterThan(500);
  });
});
