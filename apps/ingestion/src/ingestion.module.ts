import { type DynamicModule, Module } from '@nestjs/common';
import {
  brokersOf,
  ObservabilityModule,
  WatchfireConfigModule,
  type WatchfireConfig,
} from '@watchfire/common';
import { KafkaModule } from '@watchfire/kafka';
import { FeedsController } from './feeds.controller';
import { FeedsService } from './feeds.service';
import type { IngestionOptions } from './front-door';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { INGESTION_OPTIONS } from './tokens';

@Module({})
export class IngestionModule {
  static forRoot(config: WatchfireConfig, options: IngestionOptions): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        WatchfireConfigModule.forRoot(config),
        ObservabilityModule,
        KafkaModule.forRoot({
          service: 'ingestion',
          brokers: brokersOf(config),
          clientId: config.kafkaClientId,
          logLevel: config.logLevel,
        }),
      ],
      controllers: [ReportsController, FeedsController],
      providers: [ReportsService, FeedsService, { provide: INGESTION_OPTIONS, useValue: options }],
    };
  }
}
