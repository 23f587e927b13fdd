import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type Report, type WatchfireEvent } from '@watchfire/contracts';
import { KafkaPublisher, type TopicMessageContext } from '@watchfire/kafka';
import { ExtractionService } from './extraction.service';
import { GroupingService } from './grouping.service';

/** reports -> events (keyed by place) -> rules and grouping -> alerts. */
@Controller()
export class PipelineController {
  private readonly logger = new Logger('pipeline');

  constructor(
    private readonly extraction: ExtractionService,
    private readonly publisher: KafkaPublisher,
    private readonly grouping: GroupingService,
  ) {}

  @EventPattern(TOPICS.reports)
  async onReport(@Payload() report: Report): Promise<void> {
    const events = this.extraction.eventsOf(report);
    await this.publisher.publish(TOPICS.events, events.map((e) => ({ key: e.location.id, value: e })));
    if (events.length) this.logger.log(`${report.id}: ${events.map((e) => `${e.type}@${e.location.name}(${e.status})`).join(', ')}`);
  }

  @EventPattern(TOPICS.events)
  async onEvent(@Payload() event: WatchfireEvent, @Ctx() ctx: TopicMessageContext): Promise<void> {
    await this.grouping.handle(event, ctx.meta.partition);
  }
}
