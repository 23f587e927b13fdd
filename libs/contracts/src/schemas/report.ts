import { z } from 'zod';
import { Id, IsoDateTime } from './common';

export const REPORT_LIMITS = {
  bodyChars: 200_000,
  titleChars: 1_000,
  sourceChars: 200,
  urlChars: 2_048,
} as const;

export const ReportSchema = z
  .object({
    id: Id.describe('Stable id derived from the content hash: the same text always gets the same id.'),
    source: z
      .string()
      .min(1)
      .max(REPORT_LIMITS.sourceChars)
      .describe('Who published it (agency, outlet, feed, field team).'),
    title: z.string().max(REPORT_LIMITS.titleChars).optional(),
    body: z.string().min(1).max(REPORT_LIMITS.bodyChars),
    url: z.string().max(REPORT_LIMITS.urlChars).optional(),
    publishedAt: IsoDateTime.optional().describe(
      'When the source published it; the reference date for relative dates.',
    ),
    receivedAt: IsoDateTime,
    contentHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('sha256 of the normalised body, for de-duplication across sources.'),
    language: z
      .string()
      .min(2)
      .max(16)
      .optional()
      .describe('BCP 47 code when known; extraction handles "en".'),
    feedId: Id.optional(),
  })
  .meta({ id: 'Report', description: 'A report as accepted by ingestion.' });
export type Report = z.infer<typeof ReportSchema>;
