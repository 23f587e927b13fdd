import { z } from 'zod';
import { Id, IsoDateTime } from './common';

/** The record on watchfire.deliveries.v1 (key: id = `${alertId}.${revision}.${subscriptionId}`). */
export const DeliverySchema = z
  .object({
    id: z.string().min(1).max(400),
    alertId: Id,
    alertRevision: z.number().int().min(1),
    subscriptionId: Id,
    email: z.string().max(254),
    mode: z.enum(['immediate', 'digest']),
    status: z.enum(['sent', 'failed', 'suppressed', 'queued']).describe('suppressed: silenced or filtered at send time; queued: waiting for a digest.'),
    attempts: z.number().int().min(0),
    messageId: z.string().max(400).optional(),
    error: z.string().max(2_000).optional(),
    at: IsoDateTime,
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof DeliverySchema>;
