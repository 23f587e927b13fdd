import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

const LEVEL = {
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.WARN,
  debug: KafkaLogLevel.DEBUG,
} as const;

/** The one place kafkajs is configured: brokers, client id, retries and logging. */
export function createKafka(opts: KafkaClientOptions): Kafka {
  // We use kafkajs's default (murmur2, Java-compatible) partitioner on purpose; the warning is noise.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const logger = new Logger('kafka');
  const config: KafkaConfig = {
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // Enough to ride out a broker restart (~1 min in total), not so much that a wrong address hangs start-up forever.
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 12 },
    logLevel: LEVEL[opts.logLevel ?? 'info'],
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      // Bounded retries are deliberate: a send that cannot succeed must fail the request (503), not hang.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      const line = `${entry.namespace}: ${message}${extra.error ? ` (${String(extra.error)})` : ''}`;
      if (entry.level <= KafkaLogLevel.ERROR) logger.error(line);
      else if (entry.level === KafkaLogLevel.WARN) logger.warn(line);
      else logger.debug(line);
    },
  };
  return new Kafka(config);
}
