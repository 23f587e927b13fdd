import { z } from 'zod';
import { EventStatusSchema, EventTypeSchema, Id, IsoDate, IsoDateTime } from './common';

export const LocationSchema = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    kind: z.enum(['provincial_capital', 'border_crossing']),
    province: z.string().max(200),
    country: z.string().max(200),
    neighbor: z
      .string()
      .max(200)
      .optional()
      .describe('For a border crossing: the country on the other side.'),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
  })
  .meta({ id: 'Location' });
export type EventLocation = z.infer<typeof LocationSchema>;

export const EvidenceSchema = z
  .object({
    text: z.string().max(5_000),
    start: z.number().int().min(0).describe('Offset of the first character in the report text.'),
    end: z.number().int().min(0).describe('Offset after the last character.'),
  })
  .meta({ id: 'Evidence' });
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ReportRefSchema = z
  .object({
    source: z.string().max(200),
    title: z.string().max(1_000).optional(),
    url: z.string().max(2_048).optional(),
    publishedAt: IsoDateTime.optional(),
  })
  .meta({ id: 'ReportRef', description: 'Where the event was read, for people and for rules.' });

export const EventSchema = z
  .object({
    id: Id.describe('Deterministic per (report, type, location): reprocessing a report yields the same id.'),
    reportId: Id,
    type: EventTypeSchema,
    location: LocationSchema,
    actor: z
      .string()
      .max(200)
      .optional()
      .describe('Normalised; for a border crossing, the side that now holds it.'),
    status: EventStatusSchema,
    eventDate: IsoDate.optional(),
    confidence: z.number().min(0).max(1),
    evidence: z.array(EvidenceSchema).min(1).max(20),
    report: ReportRefSchema.optional(),
    reportText: z
      .string()
      .max(200_000)
      .optional()
      .describe('The report body, so rules with text conditions can run on any instance.'),
    detectedAt: IsoDateTime.optional(),
    reportReceivedAt: IsoDateTime.optional().describe(
      'When ingestion accepted the report: the start of the time-to-alert clock (metrics and logs).',
    ),
  })
  .meta({
    id: 'Event',
    description: 'An event recognised in a report (docs/architecture.md), with a reference to the report.',
  });
export type WatchfireEvent = z.infer<typeof EventSchema>;
