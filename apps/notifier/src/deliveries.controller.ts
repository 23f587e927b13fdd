import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { OperatorGuard, ZodPipe, ApiDoc } from '@watchfire/common';
import { DeliverySchema } from '@watchfire/contracts';
import { LedgerService } from './ledger.service';

const DeliveryQuerySchema = z
  .object({
    alertId: z.string().min(1).max(128).optional(),
    email: z.string().min(1).max(254).optional(),
    status: z.enum(['sent', 'failed', 'suppressed', 'queued', 'retrying']).optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .strict();

/** What was sent, when, and what failed: the ledger, by alert and/or address (operator token). */
@Controller('deliveries')
@UseGuards(OperatorGuard)
export class DeliveriesController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @ApiDoc({
    summary: 'The delivery ledger: what was sent, queued, retried, suppressed or failed, newest first',
    response: z.object({ deliveries: z.array(DeliverySchema.omit({ alert: true })) }),
  })
  list(@Query(new ZodPipe(DeliveryQuerySchema, 'query')) q: z.infer<typeof DeliveryQuerySchema>) {
    const deliveries = this.ledger.query(q).map(({ alert: _alert, ...d }) => d);
    return { deliveries };
  }
}
