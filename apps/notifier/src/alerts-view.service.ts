import {
  Injectable,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { TOPICS, type Alert } from '@watchfire/contracts';
import { HealthRegistry } from '@watchfire/common';
import { KafkaFactory, type TopicFollower } from '@watchfire/kafka';
import { AlertView, type AlertChange } from '@watchfire/notify';

type AlertListener = (alert: Alert, change: Exclude<AlertChange, 'stale'>) => void;

/**
 * GET /alerts reads this: the whole alerts topic followed by every instance (its own consumer
 * group, nothing committed), so any instance answers for every alert — unlike the alerts consumer,
 * which sees only the partitions it owns. New alerts and revisions also go to the SSE listeners.
 */
@Injectable()
export class AlertsViewService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  readonly view = new AlertView();
  private readonly follower: TopicFollower<typeof TOPICS.alerts>;
  private readonly listeners = new Set<AlertListener>();
  /** Ends each open SSE response (see onModuleDestroy). */
  private readonly streams = new Set<() => void>();

  constructor(factory: KafkaFactory, health: HealthRegistry) {
    this.follower = factory.follower(TOPICS.alerts, (_key, alert) => {
      if (!alert) return;
      const change = this.view.apply(alert);
      if (change === 'stale') return;
      for (const l of this.listeners) l(alert, change);
    });
    health.register('view.alerts', () => ({
      ok: this.follower.isCaughtUp,
      detail: this.follower.isCaughtUp ? `${this.view.size} alerts` : 'loading',
    }));
  }

  async onModuleInit(): Promise<void> {
    await this.follower.start();
  }
  /**
   * Before the HTTP server closes: an open event stream would keep it waiting for as long as the
   * client stays (a console tab can stay for days), so every stream is ended first.
   */
  onModuleDestroy(): void {
    for (const end of this.streams) end();
    this.streams.clear();
  }

  /** An SSE response to end at shutdown; returns the function that forgets it. */
  trackStream(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    await this.follower.stop();
  }

  /** Returns the function that removes the listener. */
  subscribe(l: AlertListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
