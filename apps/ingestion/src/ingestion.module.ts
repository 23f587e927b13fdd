import { type DynamicModule, Module } from '@nestjs/common';
import { brokersOf, ObservabilityModule, WatchfireConfigModule, type WatchfireConfig } from '@watchfire/common';
import { KafkaModule } from '@watchfire/kafka';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({})
export class IngestionModule {
  static forRoot(config: WatchfireConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        WatchfireConfigModule.forRoot(config),
        ObservabilityModule,
        KafkaModule.forRoot({ service: 'ingestion', brokers: brokersOf(config), clientId: config.kafkaClientId, logLevel: config.logLevel }),
      ],
      controllers: [ReportsController],
      providers: [ReportsService],
    };
  }
}
