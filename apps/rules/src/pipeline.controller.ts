import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type Report, type WatchfireEvent } from '@watchfire/contracts';
import { debugEnabled, MetricsRegistry } from '@watchfire/common';
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
    private readonly metrics: MetricsRegistry,
  ) {}

  @EventPattern(TOPICS.reports)
  async onReport(@Payload() report: Report): Promise<void> {
    // The extractor reads English; a report ingestion marked as another language is kept on the
    // topic for other consumers, and skipped here with a visible reason.
    if (report.language && !/^en\b/i.test(report.language)) {
      this.metrics.inc('watchfire_reports_skipped_total', 'Reports not run through extraction', {
        reason: 'language',
      });
      this.logger.debug({
        msg: `${report.id}: skipped, language "${report.language}" (extraction reads English)`,
        reportId: report.id,
      });
      return;
    }
    const events = this.extraction.eventsOf(report);
    await this.publisher.publish(
      TOPICS.events,
      events.map((e) => ({ key: e.location.id, value: e })),
    );
    if (events.length) {
      const seconds = MetricsRegistry.secondsSince(report.receivedAt);
      if (seconds !== undefined)
        this.metrics.observe(
          'watchfire_report_to_event_seconds',
          'From ingestion accepting a report to its events being published',
          seconds,
        );
    }
    if (debugEnabled())
      this.logger.debug({
        msg: `${report.id}: ${events.map((e) => `${e.type}@${e.location.name}(${e.status})`).join(', ') || 'no events'}`,
        reportId: report.id,
        eventIds: events.map((e) => e.id),
      });
  }

  @EventPattern(TOPICS.events)
  async onEvent(@Payload() event: WatchfireEvent, @Ctx() ctx: TopicMessageContext): Promise<void> {
    await this.grouping.handle(event, ctx.meta.partition);
  }
}
