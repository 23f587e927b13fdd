import { z } from 'zod';
import { IsoDateTime } from './common';

export const DLQ_VALUE_CHARS = 100_000;

/** A message that could not be processed, with the reason (watchfire.dlq.v1, key: source topic). */
export const DeadLetterSchema = z
  .object({
    sourceTopic: z.string().max(249),
    partition: z.number().int().optional(),
    offset: z.string().max(32).optional(),
    key: z.string().max(1_000).nullable().optional(),
    value: z
      .string()
      .max(DLQ_VALUE_CHARS)
      .nullable()
      .describe('The original value as UTF-8 (truncated past the limit).'),
    valueTruncated: z.boolean().optional(),
    reason: z
      .string()
      .max(200)
      .describe('Machine-readable cause: schema_invalid, not_json, handler_failed, smtp_permanent, ...'),
    error: z.string().max(4_000),
    service: z.string().max(100),
    at: IsoDateTime,
  })
  .meta({ id: 'DeadLetter' });
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
