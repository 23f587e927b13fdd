import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { SubscriptionSpecSchema, type SubscriptionSpec } from '@watchfire/contracts';
import { OperatorGuard, ZodPipe } from '@watchfire/common';
import { SubscriptionsService } from './subscriptions.service';

@Controller('subscriptions')
@UseGuards(OperatorGuard)
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  list() {
    return { subscriptions: this.subscriptions.list() };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.subscriptions.get(id);
  }

  @Post()
  @HttpCode(201)
  create(@Body(new ZodPipe(SubscriptionSpecSchema, 'subscription')) spec: SubscriptionSpec) {
    return this.subscriptions.create(spec);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.subscriptions.remove(id);
  }
}
