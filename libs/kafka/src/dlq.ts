import { Inject, Injectable, Logger } from '@nestjs/common';
import { DLQ_VALUE_CHARS, TOPICS, validateTopicValue, type DeadLetter } from '@watchfire/contracts';
import { MetricsRegistry } from '@watchfire/common';
import { KafkaPublisher } from './publisher';
import { KAFKA_OPTIONS } from './tokens';
import type { KafkaModuleOptions } from './kafka.module';

export interface FailedMessage {
  topic: string;
  partition?: number;
  offset?: string;
  key?: Buffer | string | null;
  value: Buffer | string | null;
  reason: string;
  error: string;
}

/** Writes messages that cannot be processed to watchfire.dlq.v1, with the reason — never dropped silently. */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger('dlq');

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly metrics: MetricsRegistry,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaModuleOptions,
  ) {}

  async send(failed: FailedMessage): Promise<void> {
    const text =
      failed.value === null
        ? null
        : Buffer.isBuffer(failed.value)
          ? failed.value.toString('utf8')
          : failed.value;
    const truncated = text !== null && text.length > DLQ_VALUE_CHARS;
    const letter: DeadLetter = validateTopicValue(TOPICS.dlq, {
      sourceTopic: failed.topic,
      partition: failed.partition,
      offset: failed.offset,
      key: failed.key === undefined || failed.key === null ? null : String(failed.key).slice(0, 1000),
      value: text === null ? null : truncated ? text.slice(0, DLQ_VALUE_CHARS) : text,
      ...(truncated ? { valueTruncated: true } : {}),
      reason: failed.reason.slice(0, 200),
      error: failed.error.slice(0, 4000),
      service: this.options.service,
      at: new Date().toISOString(),
    });
    const key =
      failed.offset !== undefined
        ? `${failed.topic}/${failed.partition ?? 0}/${failed.offset}`
        : failed.topic;
    await this.publisher.sendRaw(TOPICS.dlq, [{ key, value: Buffer.from(JSON.stringify(letter)) }]);
    this.metrics.inc('watchfire_dlq_messages_total', 'Messages sent to the dead-letter topic', {
      topic: failed.topic,
      reason: failed.reason,
    });
    this.logger.warn(
      `${failed.topic}${failed.offset !== undefined ? `@${failed.partition}:${failed.offset}` : ''} -> ${TOPICS.dlq}: ${failed.reason}: ${failed.error.slice(0, 300)}`,
    );
  }
}
