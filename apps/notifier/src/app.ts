import type { INestApplication } from '@nestjs/common';
import { startHttpService, type WatchfireConfig } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { connectTopicConsumer, KafkaFactory } from '@watchfire/kafka';
import { NotifierModule } from './notifier.module';
import { resolveNotifierOptions, type NotifierOptions } from './notifier-options';
import { OwnershipService } from './ownership.service';

export interface NotifierServiceOptions {
  port?: number;
  sessionTimeoutMs?: number;
  /** Notifier tuning (retries, rate limits, concurrency, digest timing); defaults otherwise. */
  notifier?: Partial<NotifierOptions>;
}

/**
 * Starts the notifier: subscriptions API, public subscribe/confirm/unsubscribe, the alerts
 * consumer, the delivery ledger, retries and digests. Tables (subscriptions, ledger, digests) are
 * loaded before the consumer starts, so the first alert is already checked against the ledger.
 */
export function startNotifier(
  config: WatchfireConfig,
  opts: NotifierServiceOptions = {},
): Promise<INestApplication> {
  const options = resolveNotifierOptions({
    ...opts.notifier,
    ...(opts.sessionTimeoutMs ? { sessionTimeoutMs: opts.sessionTimeoutMs } : {}),
  });
  return startHttpService(NotifierModule.forRoot(config, options), {
    port: opts.port ?? config.ports.notifier,
    host: config.httpHost,
    service: 'notifier',
    bodyLimit: '64kb',
    logLevel: config.logLevel,
    beforeListen: async (app) => {
      const factory = app.get(KafkaFactory);
      const ownership = app.get(OwnershipService);
      connectTopicConsumer(
        app,
        factory.consumerServer({
          groupId: options.groupId,
          topics: [TOPICS.alerts],
          sessionTimeoutMs: options.sessionTimeoutMs,
          onAssignment: (assignment) => ownership.set(assignment),
        }),
      );
      await app.startAllMicroservices();
    },
  });
}
