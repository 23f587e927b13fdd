import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { OperatorGuard, OperatorName, ZodPipe } from '@watchfire/common';
import { FeedRequestSchema, FeedsService, type FeedRequest } from './feeds.service';

/** Operators register RSS/Atom feeds; the ingestion service polls them and publishes new items as reports. */
@Controller('feeds')
@UseGuards(OperatorGuard)
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get()
  list() {
    return { feeds: this.feeds.list() };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.feeds.get(id);
  }

  @Post()
  @HttpCode(201)
  create(@Body(new ZodPipe(FeedRequestSchema, 'feed')) req: FeedRequest, @OperatorName() operator: string) {
    return this.feeds.create(req, operator);
  }

  /** Poll now (after fixing a feed, or to see its status without waiting for the interval). */
  @Post(':id/poll')
  @HttpCode(200)
  poll(@Param('id') id: string) {
    return this.feeds.pollNow(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.feeds.remove(id);
  }
}
