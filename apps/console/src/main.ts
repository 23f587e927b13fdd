// The console on its own (a container next to the services): INGESTION_URL, RULES_URL and
// NOTIFIER_URL say where the services are; CONSOLE_PORT, HTTP_HOST and PUBLIC_BASE_URL as for npm start.
import { ConfigError, parseConfig } from '@watchfire/common';
import { consolePortFromEnv, startConsoleFor } from './app';

function serviceUrl(name: string, def: string): string {
  const raw = process.env[name]?.trim() || def;
  if (!/^https?:\/\/[^\s/]+/.test(raw))
    throw new ConfigError(`${name}=${JSON.stringify(raw)} must be an http(s) URL`);
  return raw.replace(/\/+$/, '');
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const services = {
    ingestion: serviceUrl('INGESTION_URL', `http://127.0.0.1:${config.ports.ingestion}`),
    rules: serviceUrl('RULES_URL', `http://127.0.0.1:${config.ports.rules}`),
    notifier: serviceUrl('NOTIFIER_URL', `http://127.0.0.1:${config.ports.notifier}`),
  };
  const running = await startConsoleFor(config, services, consolePortFromEnv());
  process.stdout.write(`console listening on ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`console: ${e instanceof ConfigError ? 'configuration error: ' : ''}${e.message}\n`);
  process.exit(e instanceof ConfigError ? 2 : 1);
});
