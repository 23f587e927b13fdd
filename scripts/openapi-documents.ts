// The OpenAPI document of each service, built from its Nest module's controllers exactly as the
// running service serves it at /openapi.json. Shared by `npm run openapi:generate` and the drift test.
import 'reflect-metadata';
import { openApiFor, parseConfig } from '@watchfire/common';
import { ingestionOptionsFromEnv } from '../apps/ingestion/src/front-door';
import { IngestionModule } from '../apps/ingestion/src/ingestion.module';
import { NotifierModule } from '../apps/notifier/src/notifier.module';
import { resolveNotifierOptions } from '../apps/notifier/src/notifier-options';
import { RulesModule } from '../apps/rules/src/rules.module';

export const SERVICES = ['ingestion', 'rules', 'notifier'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Module definitions only: nothing is instantiated and nothing connects to Kafka. */
export function openApiDocuments(): Record<ServiceName, Record<string, unknown>> {
  const config = parseConfig({ OPERATOR_TOKEN: 'unused-for-generation' });
  return {
    ingestion: openApiFor('ingestion', IngestionModule.forRoot(config, ingestionOptionsFromEnv({}))),
    rules: openApiFor('rules', RulesModule.forRoot(config)),
    notifier: openApiFor('notifier', NotifierModule.forRoot(config, resolveNotifierOptions({}))),
  };
}

export const renderOpenApi = (doc: Record<string, unknown>) => `${JSON.stringify(doc, null, 2)}\n`;
