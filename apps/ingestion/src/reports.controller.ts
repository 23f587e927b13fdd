import { Body, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseWith, type FieldError } from '@watchfire/contracts';
import { AcceptsBody, ApiDoc, ApiError, QuerySchema } from '@watchfire/common';
import {
  normaliseReport,
  parseNdjson,
  parsePlainTextReport,
  ReportRequestSchema,
  type NormalisedReport,
} from './report-input';
import { ReportsService } from './reports.service';

export const MAX_BATCH_ITEMS = 1_000;

const AcceptedSchema = z.object({
  id: z.string().describe('The report id (sha256-derived from the content).'),
  duplicate: z.boolean().describe('true: this report was already accepted; nothing was published.'),
});
const BatchResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(
    z.object({
      index: z.number().int(),
      error: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
  results: z.array(z.object({ index: z.number().int(), id: z.string(), duplicate: z.boolean() })),
});

const isJson = (ct: string | undefined) => !!ct && /^application\/(.+\+)?json\b/i.test(ct);
const isPlain = (ct: string | undefined) => !!ct && /^text\/plain\b/i.test(ct);
const isNdjson = (ct: string | undefined) => !!ct && /^application\/(x-)?ndjson\b/i.test(ct);

function validateOne(item: unknown): NormalisedReport | FieldError[] {
  if (item && typeof item === 'object' && '__parseError' in item)
    return [{ path: '(line)', message: String((item as { __parseError: string }).__parseError) }];
  const r = parseWith(ReportRequestSchema, item);
  return r.ok ? normaliseReport(r.value) : r.errors;
}

@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** One report, JSON or text/plain; 202 once Kafka has it. */
  @Post()
  @HttpCode(202)
  @ApiDoc({
    summary: 'Accept one report (JSON, or text/plain with ?source=); 202 once Kafka has it',
    description:
      'The id is derived from the content: posting the same text again answers duplicate: true and publishes nothing.',
    requestBody: { 'application/json': ReportRequestSchema, 'text/plain': z.string().min(1) },
    response: AcceptedSchema,
    errors: {
      413: 'Body larger than the limit',
      415: 'Not JSON or text/plain',
      429: 'Rate limited; see Retry-After',
      503: 'Kafka unavailable; nothing was accepted',
    },
  })
  @QuerySchema(z.object({ source: z.string().max(200).optional() }).strict())
  @AcceptsBody('application/json', 'application/*+json', 'text/plain')
  async post(
    @Body() body: unknown,
    @Headers('content-type') ct: string | undefined,
    @Query('source') source?: string,
  ) {
    let report: NormalisedReport | FieldError[];
    if (isPlain(ct)) {
      const parsed = parsePlainTextReport(typeof body === 'string' ? body : '', source);
      report = Array.isArray(parsed) ? parsed : normaliseReport(parsed);
    } else if (isJson(ct)) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ApiError(
          400,
          'validation_failed',
          'Send one JSON object {source, body, title?, url?, publishedAt?}; for many use POST /reports/batch',
        );
      }
      report = validateOne(body);
    } else {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send application/json or text/plain (with ?source=)',
      );
    }
    if (Array.isArray(report)) throw ApiError.validation(report, 'report');
    const [result] = await this.reports.accept([report]);
    return result;
  }

  /** Many reports, JSON array or NDJSON: the good ones are accepted, each bad one is listed with its index. */
  @Post('batch')
  @HttpCode(202)
  @ApiDoc({
    summary: `Accept up to ${MAX_BATCH_ITEMS} reports (JSON array or NDJSON); bad items are listed, good ones accepted`,
    requestBody: { 'application/json': z.array(ReportRequestSchema), 'application/x-ndjson': z.string() },
    response: BatchResultSchema,
    errors: {
      413: 'Too many items or body too large',
      415: 'Not JSON or NDJSON',
      429: 'Rate limited; see Retry-After',
      503: 'Kafka unavailable; nothing was accepted',
    },
  })
  @AcceptsBody(
    'application/json',
    'application/*+json',
    'application/x-ndjson',
    'application/ndjson',
    'text/plain',
  )
  async batch(@Body() body: unknown, @Headers('content-type') ct: string | undefined) {
    let items: unknown[];
    if (isJson(ct)) {
      if (!Array.isArray(body))
        throw new ApiError(
          400,
          'validation_failed',
          'Send a JSON array of reports, or NDJSON (application/x-ndjson)',
        );
      items = body;
    } else if (isNdjson(ct) || isPlain(ct)) {
      items = parseNdjson(typeof body === 'string' ? body : '');
    } else {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send a JSON array (application/json) or NDJSON (application/x-ndjson)',
      );
    }
    if (items.length === 0) throw new ApiError(400, 'validation_failed', 'The batch is empty');
    if (items.length > MAX_BATCH_ITEMS)
      throw new ApiError(
        413,
        'payload_too_large',
        `At most ${MAX_BATCH_ITEMS} reports per batch (got ${items.length}); split it`,
      );
    const rejected: { index: number; error: string; details: FieldError[] }[] = [];
    const good: NormalisedReport[] = [];
    const goodIndex: number[] = [];
    items.forEach((item, index) => {
      const r = validateOne(item);
      if (Array.isArray(r))
        rejected.push({ index, error: r.map((e) => `${e.path}: ${e.message}`).join('; '), details: r });
      else {
        good.push(r);
        goodIndex.push(index);
      }
    });
    this.reports.rejected(rejected.length);
    const results = await this.reports.accept(good);
    let duplicates = 0;
    for (const r of results) if (r.duplicate) duplicates++;
    return {
      accepted: results.length - duplicates,
      duplicates,
      rejected,
      results: results.map((r, i) => ({ index: goodIndex[i], id: r.id, duplicate: r.duplicate })),
    };
  }
}
