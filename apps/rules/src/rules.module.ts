import { type DynamicModule, Module } from '@nestjs/common';
import {
  brokersOf,
  ObservabilityModule,
  WatchfireConfigModule,
  type WatchfireConfig,
} from '@watchfire/common';
import { KafkaModule } from '@watchfire/kafka';
import type { PlaceEntry } from '@watchfire/extraction';
import { EXTRA_PLACES, ExtractionService } from './extraction.service';
import { GroupStateStore } from './group-state.store';
import { GroupStates } from './ports';
import { GroupingService } from './grouping.service';
import { PipelineController } from './pipeline.controller';
import { RulesController } from './rules.controller';
import { RulesStore } from './rules.store';
import { RulesTestController } from './rules-test.controller';
import { SilencesController, SilencesStore } from './silences';

@Module({})
export class RulesModule {
  static forRoot(config: WatchfireConfig, places: PlaceEntry[] = []): DynamicModule {
    return {
      module: RulesModule,
      imports: [
        WatchfireConfigModule.forRoot(config),
        ObservabilityModule,
        KafkaModule.forRoot({
          service: 'rules',
          brokers: brokersOf(config),
          clientId: config.kafkaClientId,
          logLevel: config.logLevel,
        }),
      ],
      // RulesTestController before RulesController: POST /rules/test is not a rule id.
      controllers: [PipelineController, RulesTestController, RulesController, SilencesController],
      providers: [
        { provide: EXTRA_PLACES, useValue: places },
        ExtractionService,
        RulesStore,
        SilencesStore,
        GroupStateStore,
        GroupingService,
        // the port the grouping service is written against (ports.ts)
        { provide: GroupStates, useExisting: GroupStateStore },
      ],
    };
  }
}
