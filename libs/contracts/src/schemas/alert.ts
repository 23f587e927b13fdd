import { z } from 'zod';
import { EventStatusSchema, EventTypeSchema, Id, IsoDate, IsoDateTime, SeveritySchema } from './common';
import { EventSchema, LocationSchema } from './event';

export const AlertSourceSchema = z
  .object({
    reportId: Id,
    source: z.string().max(200),
    title: z.string().max(1_000).optional(),
    url: z.string().max(2_048).optional(),
    publishedAt: IsoDateTime.optional(),
    status: EventStatusSchema.optional(),
  })
  .meta({ id: 'AlertSource' });

export const AlertSchema = z
  .object({
    id: Id.describe('Stable across revisions: one alert per real-world event (type, place, group window).'),
    revision: z.number().int().min(1),
    kind: z.enum(['new', 'update']),
    changes: z
      .array(z.string().max(500))
      .max(20)
      .describe('For an update: what changed, e.g. "status: claimed -> confirmed".'),
    type: EventTypeSchema,
    location: LocationSchema,
    status: EventStatusSchema,
    actor: z.string().max(200).optional(),
    eventDate: IsoDate.optional(),
    severity: SeveritySchema,
    rules: z
      .array(z.object({ id: Id, name: z.string().max(200), severity: SeveritySchema }))
      .min(1)
      .max(100),
    event: EventSchema.describe('The event that triggered this revision (without reportText).'),
    corroboration: z.object({ count: z.number().int().min(1), sources: z.array(AlertSourceSchema).max(100) }),
    firstSeenAt: IsoDateTime,
    lastSeenAt: IsoDateTime,
    createdAt: IsoDateTime,
    silenced: z.boolean(),
    silenceIds: z.array(Id).max(50).optional(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof AlertSchema>;
