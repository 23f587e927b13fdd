import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiDoc, OperatorGuard, OperatorName, ValidQuery, ZodPipe } from '@watchfire/common';
import { DeliverySchema } from '@watchfire/contracts';
import { DispatcherService } from './dispatcher.service';
import { LedgerService } from './ledger.service';

const DeliveryQuerySchema = z
  .object({
    alertId: z.string().min(1).max(128).optional(),
    email: z.string().min(1).max(254).optional(),
    status: z.enum(['sent', 'failed', 'suppressed', 'queued', 'retrying']).optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .strict();

const RedriveFilterSchema = z
  .object({
    alertId: z.string().min(1).max(128).optional(),
    email: z.string().min(1).max(254).optional(),
    all: z
      .literal(true)
      .optional()
      .describe('Re-drive every failed delivery; required when neither alertId nor email is given.'),
    limit: z.number().int().min(1).max(1_000).default(1_000),
  })
  .strict()
  .refine((f) => f.alertId || f.email || f.all, {
    message: 'name alertId and/or email, or send "all": true to re-drive every failed delivery',
  });

/**
 * What was sent, when, and what failed: the ledger, by alert and/or address (operator token).
 * Failed deliveries (on the DLQ) can be re-driven, one or many; a sent one is never sent again.
 */
@Controller('deliveries')
@UseGuards(OperatorGuard)
export class DeliveriesController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly dispatcher: DispatcherService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'The delivery ledger: what was sent, queued, retried, suppressed or failed, newest first',
    response: z.object({ deliveries: z.array(DeliverySchema.omit({ alert: true })) }),
  })
  list(@ValidQuery(DeliveryQuerySchema) q: z.infer<typeof DeliveryQuerySchema>) {
    const deliveries = this.ledger.query(q).map(({ alert: _alert, ...d }) => d);
    return { deliveries };
  }

  /** Re-drives the failed deliveries matching the filter: `{"alertId"}`, `{"email"}` or `{"all": true}`. */
  @Post('retry')
  @HttpCode(202)
  retryMany(
    @Body(new ZodPipe(RedriveFilterSchema, 'filter')) f: z.infer<typeof RedriveFilterSchema>,
    @OperatorName() by: string,
  ) {
    const failed = this.ledger.query({
      alertId: f.alertId,
      email: f.email,
      status: 'failed',
      limit: f.limit,
    });
    return this.dispatcher.redriveMany(failed, by);
  }

  /** Re-drives one failed delivery: 202 with the record (now `retrying`); 409 unless it failed. */
  @Post(':id/retry')
  @HttpCode(202)
  retryOne(@Param('id') id: string, @OperatorName() by: string) {
    return this.dispatcher.redrive(id, by);
  }
}
