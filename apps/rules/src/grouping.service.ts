import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Alert, TOPICS, type WatchfireEvent } from '@watchfire/contracts';
import { MetricsRegistry } from '@watchfire/common';
import { TopicWriter } from '@watchfire/kafka';
import {
  applySilences,
  type CompiledRule,
  groupKeyOf,
  reduceEvent,
  reduceRuleThreshold,
  type ReduceResult,
  thresholdScope,
} from '@watchfire/rules-engine';
import { GroupStates } from './ports';
import { RulesStore } from './rules.store';
import { SilencesStore } from './silences';

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * events -> rules -> grouping -> alerts. Runs inside the consumer group of watchfire.events.v1, so
 * every group (type and place) is handled by the one instance that owns its partition.
 * Order of writes: the alert first, then the state. A crash in between re-processes the event
 * after restart and produces the same alert (same id and revision) again, which the notifier's
 * delivery ledger recognises; the other order could lose the alert.
 */
@Injectable()
export class GroupingService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('grouping');
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly rules: RulesStore,
    private readonly silences: SilencesStore,
    private readonly groups: GroupStates,
    private readonly publisher: TopicWriter,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => {
      this.groups.sweep(Date.now()).then(
        (n) => n && this.log.log(`deleted ${n} expired groups`),
        (e: Error) => this.log.warn(`sweep: ${e.message}`),
      );
    }, SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  async handle(
    event: WatchfireEvent,
    partition: number,
    now = Date.now(),
  ): Promise<ReduceResult & { published?: Alert }> {
    await this.groups.ready(partition);
    return this.groups.exclusive(partition, async () => {
      const matched: CompiledRule[] = [];
      for (const r of this.rules.ruleSet.match(event))
        if (await this.passesRuleScopedThreshold(r, event, partition, now)) matched.push(r);
      const key = groupKeyOf(event);
      const result = reduceEvent(this.groups.get(partition, key), event, matched, now);
      let published: Alert | undefined;
      if (result.alert) {
        published = applySilences(result.alert, this.silences.all(), now);
        await this.publisher.publishOne(TOPICS.alerts, published.id, published);
        this.metrics.inc('watchfire_alerts_total', 'Alerts produced', {
          kind: published.kind,
          severity: published.severity,
          silenced: String(published.silenced),
        });
        this.observeAlert(event, now);
        this.log.log({
          msg: `${published.kind} ${published.id} r${published.revision} ${published.type}@${published.location.name} ${published.status}${published.changes.length ? ` (${published.changes.join('; ')})` : ''}${published.silenced ? ' [silenced]' : ''}`,
          alertId: published.id,
          revision: published.revision,
          eventId: event.id,
          reportId: event.reportId,
        });
      }
      if (result.changed && result.state) await this.groups.put(partition, key, result.state);
      this.metrics.inc('watchfire_grouping_outcomes_total', 'Events by grouping outcome', {
        outcome: result.outcome,
      });
      return { ...result, published };
    });
  }

  /** Time from the event's extraction, and from its report's receipt, to the alert it produced. */
  private observeAlert(event: WatchfireEvent, now: number): void {
    const fromEvent = MetricsRegistry.secondsSince(event.detectedAt, now);
    if (fromEvent !== undefined)
      this.metrics.observe(
        'watchfire_event_to_alert_seconds',
        'From an event being extracted to the alert it produced being published',
        fromEvent,
      );
    const fromReport = MetricsRegistry.secondsSince(event.reportReceivedAt, now);
    if (fromReport !== undefined)
      this.metrics.observe(
        'watchfire_report_to_alert_seconds',
        'From ingestion accepting a report to an alert it caused being published',
        fromReport,
      );
  }

  /**
   * Thresholds counted across groups (distinct by a field constant within a group, e.g. distinct
   * location.id): this partition's count is kept in the changelog, the other partitions' counts
   * are read from the standby copy, so the count spans instances and survives restarts.
   */
  private async passesRuleScopedThreshold(
    rule: CompiledRule,
    event: WatchfireEvent,
    partition: number,
    now: number,
  ): Promise<boolean> {
    if (!rule.threshold || thresholdScope(rule.threshold) === 'group') return true;
    const r = reduceRuleThreshold(
      this.groups.threshold(partition, rule.id),
      event,
      { ...rule, threshold: rule.threshold },
      partition,
      now,
      this.groups.otherThresholds(partition, rule.id),
    );
    if (!r.duplicate) await this.groups.put(partition, r.state.key, r.state);
    return r.reached;
  }
}
