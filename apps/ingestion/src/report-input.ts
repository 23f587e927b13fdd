import { hash } from 'node:crypto';
import { z } from 'zod';
import { REPORT_LIMITS, type FieldError, parseWith, type Report } from '@watchfire/contracts';
import { findLoneSurrogate, guessLanguage, normaliseBody } from '@watchfire/feeds';

/** A string that can be stored as UTF-8: no lone surrogates (a JSON "\ud800" escape decodes to one). */
const unicode = (s: z.ZodString) =>
  s.refine((v) => findLoneSurrogate(v) < 0, {
    message: 'not valid Unicode: contains a lone surrogate (\\uD800-\\uDFFF) escape',
  });

/** What a client sends to POST /reports as JSON (README "HTTP APIs"). */
export const ReportRequestSchema = z
  .object({
    source: unicode(
      z
        .string({
          error: (i) => (i.input === undefined ? 'required: who published the report' : 'expected a string'),
        })
        .trim()
        .min(1, 'required: who published the report')
        .max(REPORT_LIMITS.sourceChars),
    ),
    body: unicode(
      z
        .string({ error: (i) => (i.input === undefined ? 'required: the report text' : 'expected a string') })
        .min(1, 'required: the report text')
        .max(REPORT_LIMITS.bodyChars),
    ),
    title: unicode(z.string().max(REPORT_LIMITS.titleChars)).optional(),
    url: z
      .url({ protocol: /^https?$/, error: 'an http(s) URL' })
      .max(REPORT_LIMITS.urlChars)
      .optional(),
    publishedAt: z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: 'an ISO date (2021-07-09) or date-time (2021-07-09T08:00:00Z)',
      })
      .optional(),
    language: z
      .string()
      .max(16)
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language code such as en or fa-AF')
      .optional(),
  })
  .strict();
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

export interface NormalisedReport {
  source: string;
  body: string;
  title?: string;
  url?: string;
  publishedAt?: string;
  language?: string;
  /** Set for reports that came from a registered feed. */
  feedId?: string;
  contentHash: string;
  id: string;
}

// The dateline may share its line with the text (" date 2021-07-09 Taliban said ..."): the date then
// ends at the first space and the text begins after it.
const DATELINE = /^\s*date\s+(\d{4}-\d{2}-\d{2})(?:[ \t]*(?:\r?\n|$)|[ \t]+)/i;

/**
 * A text/plain report: the first line may be a dateline `date YYYY-MM-DD`, which becomes
 * publishedAt; the rest is the body.
 */
export function parsePlainTextReport(text: string, source: string | undefined): ReportRequest | FieldError[] {
  const m = DATELINE.exec(text);
  const candidate: Record<string, unknown> = {
    source: source ?? '',
    body: m ? text.slice(m[0].length) : text,
  };
  if (m) candidate.publishedAt = m[1];
  const r = parseWith(ReportRequestSchema, candidate);
  if (!r.ok)
    return r.errors.map((e) =>
      e.path === 'source'
        ? { path: 'source', message: 'pass ?source=<who published it> with text/plain' }
        : e,
    );
  return r.value;
}

/**
 * The text a reader sees: HTML (when the text is markup) becomes text with script/style dropped and
 * entities decoded; control characters, CRLF and runs of spaces go; paragraphs stay; Unicode NFC.
 */
export function normaliseText(s: string): string {
  return normaliseBody(s);
}

/** Same story from two sources (whitespace, case aside) = same hash, so it is published once. */
export function contentHashOf(body: string, lower = body.toLowerCase()): string {
  // the replace is the identity when the only whitespace is single plain spaces (the common case)
  const text = /[^\S ]| {2}/.test(lower) ? lower.replace(/\s+/g, ' ') : lower;
  // one-shot hash: no Hash object per report
  return hash('sha256', text.trim(), 'hex');
}

export function normaliseReport(req: ReportRequest, feedId?: string): NormalisedReport | FieldError[] {
  const body = normaliseText(req.body);
  if (!body)
    return [{ path: 'body', message: 'empty after removing markup, whitespace and control characters' }];
  // Unicode normalisation can lengthen a text a little: the stored report must still fit.
  if (body.length > REPORT_LIMITS.bodyChars)
    return [
      {
        path: 'body',
        message: `${body.length} characters after normalisation; the limit is ${REPORT_LIMITS.bodyChars}`,
      },
    ];
  // the sender's language wins; otherwise a guess (undetermined for short texts: extraction then tries)
  const lower = body.toLowerCase();
  const language = req.language ?? guessLanguage(body, lower).language;
  const publishedAt =
    req.publishedAt && req.publishedAt.length === 10 ? `${req.publishedAt}T00:00:00.000Z` : req.publishedAt;
  const source = req.source.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (!source)
    return [
      { path: 'source', message: 'required: who published the report (it was only control characters)' },
    ];
  const contentHash = contentHashOf(body, lower);
  const out: NormalisedReport = { source, body, contentHash, id: `r-${contentHash.slice(0, 24)}` };
  // cut to the limit (normalisation can lengthen), never through a surrogate pair
  if (req.title)
    out.title = normaliseText(req.title)
      .replace(/\n/g, ' ')
      .slice(0, REPORT_LIMITS.titleChars)
      .replace(/[\ud800-\udbff]$/, '');
  if (req.url) out.url = req.url;
  if (publishedAt) out.publishedAt = publishedAt;
  if (language) out.language = language;
  if (feedId) out.feedId = feedId;
  return out;
}

/** NDJSON batch lines -> items; a line that is not JSON is kept as an error for its index. */
export function parseNdjson(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (e) {
        return { __parseError: `not JSON: ${(e as Error).message}` };
      }
    });
}

/**
 * The message published for an accepted report. Built only from a NormalisedReport, which only
 * normaliseReport makes from a request that passed ReportRequestSchema; a property test
 * (report-input.test.ts) checks that whatever passes that way satisfies the topic's ReportSchema,
 * so the publisher is told not to validate it a second time.
 */
export function reportMessage(r: NormalisedReport, receivedAt: string): Report {
  // Assignments rather than conditional spreads: this runs once per accepted report.
  const m: Report = { id: r.id, contentHash: r.contentHash, source: r.source, body: r.body, receivedAt };
  if (r.title) m.title = r.title;
  if (r.url) m.url = r.url;
  if (r.publishedAt) m.publishedAt = r.publishedAt;
  if (r.language) m.language = r.language;
  if (r.feedId) m.feedId = r.feedId;
  return m;
}
