import type { INestApplication } from '@nestjs/common';
import { ConfigError, parseConfig, type WatchfireConfig } from './config';
import { urlOf } from './http';
import { setLogService } from './logging';

/**
 * The main() of every service: parse the environment (a bad setting stops start-up with one clear
 * line), start, print where it listens, and close cleanly on SIGINT/SIGTERM.
 */
export function runService(
  name: string,
  start: (config: WatchfireConfig) => Promise<INestApplication>,
): void {
  setLogService(name);
  let config: WatchfireConfig;
  try {
    config = parseConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${name}: configuration error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (config.operatorTokenGenerated) {
    process.stderr.write(
      `${name}: OPERATOR_TOKEN not set; generated one for this run: ${config.operatorTokens.get('operator')}\n`,
    );
  }
  start(config).then(
    (app) => {
      process.stdout.write(`${name} listening on ${urlOf(app)}\n`);
      let closing = false;
      const stop = (signal: string) => {
        if (closing) return;
        closing = true;
        process.stdout.write(`${name}: ${signal}, shutting down\n`);
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        app.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (e: Error) => {
      process.stderr.write(`${name}: failed to start: ${e.message}\n`);
      process.exit(1);
    },
  );
}
