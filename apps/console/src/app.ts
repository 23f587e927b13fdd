import { ConfigError, type WatchfireConfig } from '@watchfire/common';
import { startConsole, type RunningConsole } from './server';

export { startConsole, type RunningConsole } from './server';

/** CONSOLE_PORT (default 3000); a bad value stops start-up with one line naming it. */
export function consolePortFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CONSOLE_PORT?.trim();
  if (!raw) return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`CONSOLE_PORT=${JSON.stringify(raw)} is not a TCP port (0-65535)`);
  return n;
}

/** The console for a running system: on HTTP_HOST (loopback unless deployed), forwarding to the services. */
export function startConsoleFor(
  config: WatchfireConfig,
  services: { ingestion: string; rules: string; notifier: string },
  port = consolePortFromEnv(),
): Promise<RunningConsole> {
  return startConsole({ port, host: config.httpHost, services, publicBaseUrl: config.publicBaseUrl });
}
