// The settings of `npm start`: every variable of the README's configuration table, read by the same
// parsers each service's main.ts uses (libs/common/src/env.ts underneath), all before anything binds.
import type { INestApplication } from '@nestjs/common';
import { parseConfig, WATCHFIRE_CONFIG, type Env, type WatchfireConfig } from '@watchfire/common';
import { ingestionOptionsFromEnv, type IngestionOptions } from '../apps/ingestion/src/front-door';
import { INGESTION_OPTIONS } from '../apps/ingestion/src/tokens';
import { placesFromEnv } from '../apps/rules/src/extraction.service';
import { consolePortFromEnv } from '../apps/console/src/app';
import type { PlaceEntry } from '@watchfire/extraction';
import {
  NOTIFIER_OPTIONS,
  notifierOptionsFromEnv,
  type NotifierOptions,
} from '../apps/notifier/src/notifier-options';

export interface StartSettings {
  config: WatchfireConfig;
  /** PLACES_FILE, read and checked before anything starts. */
  places: PlaceEntry[];
  /** CONSOLE_PORT. */
  consolePort: number;
  ingestion: IngestionOptions;
  notifier: Partial<NotifierOptions>;
}

/** Throws ConfigError (one line naming the variable) on the first bad value. */
export function loadSettings(env: Env): StartSettings {
  return {
    config: parseConfig(env),
    places: placesFromEnv(env),
    consolePort: consolePortFromEnv(env),
    ingestion: ingestionOptionsFromEnv(env),
    notifier: notifierOptionsFromEnv(env),
  };
}

/** user:password in a URL becomes ***@ (SMTP_URL may carry credentials). */
export const withoutCredentials = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** The shared settings as a service holds them, secrets reduced to where they came from. */
function describeConfig(c: WatchfireConfig): Record<string, unknown> {
  return {
    ...c,
    smtpUrl: c.smtpUrl && withoutCredentials(c.smtpUrl),
    operatorTokens: [...c.operatorTokens.keys()],
    signingSecret: c.signingSecret.startsWith('derived:')
      ? '(derived from the operator tokens)'
      : '(SIGNING_SECRET)',
  };
}

/**
 * What each running service actually holds (read back from its dependency-injection container, so
 * a setting that never reached a service shows up as its default). Printed at LOG_LEVEL=debug.
 */
export function describeSettings(
  apps: Array<[string, INestApplication]>,
  given: Pick<StartSettings, 'places'>,
): string[] {
  const lines: string[] = [];
  for (const [name, app] of apps) {
    const own: Record<string, unknown> = {
      config: describeConfig(app.get<WatchfireConfig>(WATCHFIRE_CONFIG)),
    };
    if (name === 'ingestion') own.options = app.get<IngestionOptions>(INGESTION_OPTIONS);
    if (name === 'rules') own.options = { places: given.places.map((p) => p.id) }; // as passed to startRules
    if (name === 'notifier') {
      const { now: _clock, ...options } = app.get<NotifierOptions>(NOTIFIER_OPTIONS);
      own.options = options;
    }
    lines.push(`  settings of ${name}: ${JSON.stringify(own)}`);
  }
  return lines;
}
