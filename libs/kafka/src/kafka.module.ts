import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPIC_SPECS, type TopicName } from '@watchfire/contracts';
import { HealthRegistry, MetricsRegistry } from '@watchfire/common';
import { createKafka } from './client';
import { TableSource, TopicWriter } from './ports';
import { CompactedTable, type CompactedTableOptions } from './compacted-table';
import { DeadLetterPublisher } from './dlq';
import { KafkaPublisher } from './publisher';
import { TopicConsumerServer, type TopicConsumerOptions } from './topic-consumer.server';
import { TopicFollower, type TopicFollowerOptions } from './topic-follower';
import { ensureTopics } from './topics';
import { KAFKA, KAFKA_OPTIONS } from './tokens';

export interface KafkaModuleOptions {
  /** The service name: client id suffix, DLQ attribution, consumer group prefix. */
  service: string;
  brokers: string[];
  clientId: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/** Creates every Watchfire topic that is missing, before anything produces or consumes. */
@Injectable()
class TopicBootstrap implements OnModuleInit {
  private readonly logger = new Logger('topics');
  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}
  async onModuleInit(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, Object.values(TOPIC_SPECS));
      if (created.length) this.logger.log(`created ${created.join(', ')}`);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Builds consumers and tables with the module's client, DLQ, health and metrics filled in. */
@Injectable()
export class KafkaFactory implements TableSource {
  constructor(
    @Inject(KAFKA) readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) readonly options: KafkaModuleOptions,
    private readonly dlq: DeadLetterPublisher,
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsRegistry,
  ) {}

  consumerServer(
    opts: Omit<TopicConsumerOptions, 'kafka' | 'dlq' | 'health' | 'metrics'>,
  ): TopicConsumerServer {
    return new TopicConsumerServer({
      ...opts,
      kafka: this.kafka,
      dlq: this.dlq,
      health: this.health,
      metrics: this.metrics,
    });
  }

  /** True when nothing was ever written to the topic (every partition's high watermark is 0). */
  async neverWritten(topic: TopicName): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.every((o) => BigInt(o.high) === 0n);
    } finally {
      await admin.disconnect();
    }
  }

  table<T extends TopicName>(topic: T, onChange?: CompactedTableOptions<T>['onChange']): CompactedTable<T> {
    return new CompactedTable({
      kafka: this.kafka,
      topic,
      service: this.options.service,
      dlq: this.dlq,
      health: this.health,
      onChange,
    });
  }

  follower<T extends TopicName>(
    topic: T,
    onRecord: NonNullable<TopicFollowerOptions<T>['onRecord']>,
  ): TopicFollower<T> {
    return new TopicFollower({
      kafka: this.kafka,
      topic,
      service: this.options.service,
      dlq: this.dlq,
      onRecord,
    });
  }

  /** A follower of the keys only (values are not decoded). */
  keyFollower<T extends TopicName>(topic: T, onKey: (key: string) => void): TopicFollower<T> {
    return new TopicFollower({
      kafka: this.kafka,
      topic,
      service: this.options.service,
      dlq: this.dlq,
      onKey,
    });
  }
}

@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({
              brokers: options.brokers,
              clientId: `${options.clientId}-${options.service}`,
              logLevel: options.logLevel,
            }),
        },
        TopicBootstrap,
        KafkaPublisher,
        DeadLetterPublisher,
        KafkaFactory,
        { provide: TopicWriter, useExisting: KafkaPublisher },
        { provide: TableSource, useExisting: KafkaFactory },
      ],
      exports: [
        KAFKA,
        KAFKA_OPTIONS,
        KafkaPublisher,
        DeadLetterPublisher,
        KafkaFactory,
        TopicWriter,
        TableSource,
      ],
    };
  }
}
