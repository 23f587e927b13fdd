import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { Id, SubscriptionSpecSchema, type SubscriptionSpec } from '@watchfire/contracts';
import { ApiError, OperatorGuard, ZodPipe } from '@watchfire/common';
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
  get(@Param('id') id: string) {
    return this.subscriptions.get(idParam(id));
  }

  @Post()
  @HttpCode(201)
  create(@Body(new ZodPipe(SubscriptionSpecSchema, 'subscription')) spec: SubscriptionSpec) {
    return this.subscriptions.create(spec, 'active');
  }

  @Put(':id')
  replace(
    @Param('id') id: string,
    @Body(new ZodPipe(SubscriptionSpecSchema, 'subscription')) spec: SubscriptionSpec,
  ) {
    return this.subscriptions.replace(idParam(id), spec);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.subscriptions.remove(idParam(id));
  }
}
