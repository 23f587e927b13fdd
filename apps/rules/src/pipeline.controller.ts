import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { TOPICS, type Alert, type Report, type WatchfireEvent } from '@watchfire/contracts';
import { KafkaPublisher, type TopicMessageContext } from '@watchfire/kafka';
import { matchingDefaultRules } from './default-rules';
import { ExtractionService } from './extraction.service';

/** reports -> events -> alerts. */
@Controller()
export class PipelineController {
  private readonly logger = new Logger('pipeline');
  /** Skeleton grouping: one alert per (type, place) per process; replaced by the rule engine's grouping. */
  private readonly groups = new Map<string, { revision: number; status: string; reportIds: Set<string> }>();

  constructor(
    private readonly extraction: ExtractionService,
    private readonly publisher: KafkaPublisher,
  ) {}

  @EventPattern(TOPICS.reports)
  async onReport(@Payload() report: Report): Promise<void> {
    const events = this.extraction.eventsOf(report);
    await this.publisher.publish(TOPICS.events, events.map((e) => ({ key: e.location.id, value: e })));
    if (events.length) this.logger.log(`${report.id}: ${events.map((e) => `${e.type}@${e.location.name}(${e.status})`).join(', ')}`);
  }

  @EventPattern(TOPICS.events)
  async onEvent(@Payload() event: WatchfireEvent, @Ctx() _ctx: TopicMessageContext): Promise<void> {
    const rules = matchingDefaultRules(event);
    if (!rules.length) return;
    const key = `${event.type}|${event.location.id}`;
    const group = this.groups.get(key);
    if (group?.reportIds.has(event.reportId)) return;
    const revision = (group?.revision ?? 0) + 1;
    const changes = group && group.status !== event.status ? [`status: ${group.status} -> ${event.status}`] : [];
    if (group && !changes.length) {
      group.reportIds.add(event.reportId);
      return;
    }
    const now = new Date().toISOString();
    const { reportText: _omit, ...eventWithoutText } = event;
    const alert: Alert = {
      id: `a-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`,
      revision,
      kind: revision === 1 ? 'new' : 'update',
      changes,
      type: event.type,
      location: event.location,
      status: event.status,
      ...(event.actor ? { actor: event.actor } : {}),
      ...(event.eventDate ? { eventDate: event.eventDate } : {}),
      severity: rules[0]!.severity,
      rules: rules.map(({ id, name, severity }) => ({ id, name, severity })),
      event: eventWithoutText,
      corroboration: { count: (group?.reportIds.size ?? 0) + 1, sources: [{ reportId: event.reportId, source: event.report?.source ?? 'unknown' }] },
      firstSeenAt: now,
      lastSeenAt: now,
      createdAt: now,
      silenced: false,
    };
    await this.publisher.publishOne(TOPICS.alerts, alert.id, alert);
    this.groups.set(key, { revision, status: event.status, reportIds: new Set([...(group?.reportIds ?? []), event.reportId]) });
  }
}
