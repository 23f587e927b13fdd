import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import {
  Id,
  SubscriptionRecordSchema,
  SubscriptionSpecSchema,
  type SubscriptionSpec,
} from '@watchfire/contracts';
import { ApiDoc, ApiError, OperatorGuard, QuerySchema, ZodPipe } from '@watchfire/common';
import { SubscriptionsService } from './subscriptions.service';

const idParam = (id: string) => {
  if (!Id.safeParse(id).success) throw ApiError.notFound(`subscription ${id.slice(0, 128)}`);
  return id;
};

/** Operator API: subscriptions are created active (the operator vouches for the address). */
@Controller('subscriptions')
@UseGuards(OperatorGuard)
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiDoc({
    summary: 'List subscriptions, optionally by e-mail and status (pending, active, unsubscribed)',
    response: z.object({ subscriptions: z.array(SubscriptionRecordSchema) }),
  })
  @QuerySchema(
    z
      .object({
        email: z.string().max(254).optional(),
        status: z.enum(['pending', 'active', 'unsubscribed']).optional(),
      })
      .strict(),
  )
  list(@Query('email') email?: string, @Query('status') status?: string) {
    if (status !== undefined && !['pending', 'active', 'paused', 'unsubscribed'].includes(status)) {
      throw ApiError.validation(
        [{ path: 'status', message: 'one of pending, active, paused, unsubscribed' }],
        'query',
      );
    }
    return { subscriptions: this.subscriptions.list({ email, status }) };
  }

  @Get(':id')
  @ApiDoc({ summary: 'One subscription', response: SubscriptionRecordSchema })
  get(@Param('id') id: string) {
    return this.subscriptions.get(idParam(id));
  }

  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary: 'Create an active subscription (the operator vouches for the address)',
    response: SubscriptionRecordSchema,
  })
  create(@Body(new ZodPipe(SubscriptionSpecSchema, 'subscription')) spec: SubscriptionSpec) {
    return this.subscriptions.create(spec, 'active');
  }

  @Put(':id')
  @ApiDoc({
    summary: 'Replace a subscription’s filter and delivery mode',
    response: SubscriptionRecordSchema,
  })
  replace(
    @Param('id') id: string,
    @Body(new ZodPipe(SubscriptionSpecSchema, 'subscription')) spec: SubscriptionSpec,
  ) {
    return this.subscriptions.replace(idParam(id), spec);
  }

  @Delete(':id')
  @ApiDoc({ summary: 'Delete a subscription' })
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.subscriptions.remove(idParam(id));
  }
}
