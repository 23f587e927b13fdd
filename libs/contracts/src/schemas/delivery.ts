import { z } from 'zod';
import { Id, IsoDateTime } from './common';
import { AlertSchema } from './alert';

/**
 * The record on watchfire.deliveries.v1 (key: id = `${alertId}.${revision}.${subscriptionId}`, or
 * `digest.${subscriptionId}.${periodStart}` for a digest mail). The latest record per id is the
 * state of that delivery; the notifier consults it before sending, so a redelivered alert is
 * never e-mailed twice.
 */
export const DeliverySchema = z
  .object({
    id: z.string().min(1).max(400),
    alertId: Id.describe('For a digest record: "digest".'),
    alertRevision: z.number().int().min(1),
    subscriptionId: Id,
    email: z.string().max(254),
    mode: z.enum(['immediate', 'digest']),
    status: z
      .enum(['sent', 'failed', 'suppressed', 'queued', 'retrying'])
      .describe(
        'sent; failed: permanent SMTP refusal or retry budget exhausted (also on the DLQ; an operator may re-drive it); suppressed: silenced, or unsubscribed before sending; queued: waiting for a digest; retrying: a transient failure, next attempt at nextAttemptAt.',
      ),
    attempts: z.number().int().min(0),
    messageId: z.string().max(400).optional(),
    error: z.string().max(2_000).optional(),
    at: IsoDateTime,
    nextAttemptAt: IsoDateTime.optional().describe('retrying: when the next attempt is due.'),
    firstFailedAt: IsoDateTime.optional().describe(
      'retrying/failed: when the first attempt failed; transient failures are retried for NOTIFIER_RETRY_FOR from here.',
    ),
    redrivenBy: z
      .string()
      .max(64)
      .optional()
      .describe('A failed delivery an operator re-drove (POST /deliveries/:id/retry): who.'),
    redrivenAt: IsoDateTime.optional().describe('When it was re-driven.'),
    alertPartition: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('retrying/failed: the alerts partition the alert came from; its owner retries.'),
    alert: AlertSchema.optional().describe(
      'retrying/failed: the alert to render on the next attempt or a re-drive (dropped once sent or suppressed).',
    ),
    digestId: z
      .string()
      .max(400)
      .optional()
      .describe('queued/sent via a digest: the digest (subscription and period).'),
    alertIds: z
      .array(z.string().max(400))
      .max(1_000)
      .optional()
      .describe('A digest record: the deliveries it covered.'),
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof DeliverySchema>;
