import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { OperatorGuard, OperatorName, ZodPipe, ApiDoc } from '@watchfire/common';
import { FeedRequestSchema, FeedsService, type FeedRequest } from './feeds.service';

/** Operators register RSS/Atom feeds; the ingestion service polls them and publishes new items as reports. */
@Controller('feeds')
@UseGuards(OperatorGuard)
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get()
  @ApiDoc({ summary: 'List registered feeds with their polling status' })
  list() {
    return { feeds: this.feeds.list() };
  }

  @Get(':id')
  @ApiDoc({ summary: 'One feed and its polling status' })
  get(@Param('id') id: string) {
    return this.feeds.get(id);
  }

  @Post()
  @HttpCode(201)
  @ApiDoc({ summary: 'Register an RSS/Atom feed to poll (http(s), public hosts unless FEEDS_ALLOWED_HOSTS)' })
  create(@Body(new ZodPipe(FeedRequestSchema, 'feed')) req: FeedRequest, @OperatorName() operator: string) {
    return this.feeds.create(req, operator);
  }

  /** Poll now (after fixing a feed, or to see its status without waiting for the interval). */
  @Post(':id/poll')
  @ApiDoc({ summary: 'Poll a feed now and return its status' })
  @HttpCode(200)
  poll(@Param('id') id: string) {
    return this.feeds.pollNow(id);
  }

  @Delete(':id')
  @ApiDoc({ summary: 'Stop polling a feed and forget it' })
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.feeds.remove(id);
  }
}
