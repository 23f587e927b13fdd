import { type DynamicModule, Module } from '@nestjs/common';
import { brokersOf, ObservabilityModule, WatchfireConfigModule, type WatchfireConfig } from '@watchfire/common';
import { KafkaModule } from '@watchfire/kafka';
import { ExtractionService } from './extraction.service';
import { PipelineController } from './pipeline.controller';
import { RulesTestController } from './rules-test.controller';

@Module({})
export class RulesModule {
  static forRoot(config: WatchfireConfig): DynamicModule {
    return {
      module: RulesModule,
      imports: [
        WatchfireConfigModule.forRoot(config),
        ObservabilityModule,
        KafkaModule.forRoot({ service: 'rules', brokers: brokersOf(config), clientId: config.kafkaClientId, logLevel: config.logLevel }),
      ],
      controllers: [PipelineController, RulesTestController],
      providers: [ExtractionService],
    };
  }
}
