import type { INestApplication } from '@nestjs/common';
import { startHttpService, type WatchfireConfig } from '@watchfire/common';
import { TOPICS } from '@watchfire/contracts';
import { connectTopicConsumer, KafkaFactory } from '@watchfire/kafka';
import type { PlaceEntry } from '@watchfire/extraction';
import { placesFromEnv } from './extraction.service';
import { GroupStateStore } from './group-state.store';
import { RulesModule } from './rules.module';

export interface RulesServiceOptions {
  port?: number;
  /** Shorter in tests so a killed member's partitions move quickly. */
  sessionTimeoutMs?: number;
  /** Operator places for the gazetteer; default: PLACES_FILE, if set. */
  places?: PlaceEntry[];
}

/**
 * Starts the rules service: the rules and silences APIs (rules and silences materialised from
 * their compacted topics before the port opens) plus its Kafka consumers (reports -> events -> alerts).
 */
export async function startRules(
  config: WatchfireConfig,
  opts: RulesServiceOptions = {},
): Promise<INestApplication> {
  return startHttpService(RulesModule.forRoot(config, opts.places ?? placesFromEnv()), {
    port: opts.port ?? config.ports.rules,
    host: config.httpHost,
    service: 'rules',
    bodyLimit: '1mb',
    logLevel: config.logLevel,
    beforeListen: async (app) => {
      const factory = app.get(KafkaFactory);
      const groups = app.get(GroupStateStore);
      connectTopicConsumer(
        app,
        factory.consumerServer({
          groupId: 'watchfire-rules',
          topics: [TOPICS.reports, TOPICS.events],
          sessionTimeoutMs: opts.sessionTimeoutMs,
          // Grouping state is partition-local: restore the newly assigned events partitions from the changelog.
          onAssignment: (assignment) => groups.onAssignment(assignment),
        }),
      );
      await app.startAllMicroservices();
    },
  });
}
