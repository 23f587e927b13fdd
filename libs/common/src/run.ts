import type { INestApplication } from '@nestjs/common';
import { parseConfig, type WatchfireConfig } from './config';
import { ConfigError, type Env } from './env';
import { urlOf } from './http';
import { setLogService } from './logging';

/**
 * The main() of every service: parse the environment — the shared settings and the service's own,
 * with the same parsers `npm start` uses (a bad setting stops start-up with one clear line) —
 * start, print where it listens, and close cleanly on SIGINT/SIGTERM.
 */
export function runService<O>(
  name: string,
  start: (config: WatchfireConfig, options: O) => Promise<INestApplication>,
  optionsFromEnv: (env: Env) => O,
): void {
  setLogService(name);
  let config: WatchfireConfig;
  let options: O;
  try {
    config = parseConfig(process.env);
    options = optionsFromEnv(process.env);
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
  start(config, options).then(
    (app) => {
      process.stdout.write(`${name} listening on ${urlOf(app)}\n`);
      let closing = false;
      const stop = (signal: string) => {
        if (closing) {
          process.stdout.write(`${name}: ${signal} again, exiting now\n`);
          process.exit(130);
        }
        closing = true;
        process.stdout.write(`${name}: ${signal}, shutting down (again to force)\n`);
        const t0 = Date.now();
        app.close().then(
          () => {
            process.stdout.write(`${name}: stopped in ${Date.now() - t0} ms\n`);
            process.exit(0);
          },
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
