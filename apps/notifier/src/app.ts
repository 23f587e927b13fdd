import type { INestApplication } from '@nestjs/common';
import { startHttpService, type WatchfireConfig } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { KafkaFactory } from '@watchfire/kafka';
import { NotifierModule } from './notifier.module';

export interface NotifierServiceOptions {
  port?: number;
  sessionTimeoutMs?: number;
}

/** Starts the notifier: subscriptions API, the alerts consumer and the mailer. */
export function startNotifier(config: WatchfireConfig, opts: NotifierServiceOptions = {}): Promise<INestApplication> {
  return startHttpService(NotifierModule.forRoot(config), {
    port: opts.port ?? config.ports.notifier,
    host: config.httpHost,
    bodyLimit: '256kb',
    logLevel: config.logLevel,
    beforeListen: async (app) => {
      const factory = app.get(KafkaFactory);
      app.connectMicroservice({ strategy: factory.consumerServer({ groupId: 'watchfire-notifier', topics: [TOPICS.alerts], sessionTimeoutMs: opts.sessionTimeoutMs }) });
      await app.startAllMicroservices();
    },
  });
}
