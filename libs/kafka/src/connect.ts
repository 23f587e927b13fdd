import type { INestApplication } from '@nestjs/common';
import type { TopicConsumerServer } from './topic-consumer.server';

/**
 * Connects a Kafka consumer strategy to a Nest app (then call app.startAllMicroservices()). The
 * app's global filters are inherited: ErrorBodyFilter passes a handler's original error back to
 * the consumer in rpc context, so retries and the DLQ entry carry the real reason.
 */
export function connectTopicConsumer(app: INestApplication, server: TopicConsumerServer): void {
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
}
