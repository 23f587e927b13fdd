// `npm run kafka:embedded -- --port P [--data-dir D]`: the broker alone, in the foreground.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedKafka } from './index';

const usage =
  'usage: npm run kafka:embedded -- [--port 9092] [--host 127.0.0.1] [--data-dir DIR] [--partitions N] [--verbose]';

function fail(message: string): never {
  process.stderr.write(`embedded-kafka: ${message}\n${usage}\n`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  args = parse();
} catch (e) {
  fail((e as Error).message);
}
if (args.values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const port = Number(args.values.port ?? process.env.EMBEDDED_KAFKA_PORT ?? 9092);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be 0-65535, not ${JSON.stringify(args.values.port)}`);
const partitions = Number(args.values.partitions ?? 1);
if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000)
  fail('--partitions must be 1-10000');
const dataDir = args.values['data-dir'] ? path.resolve(args.values['data-dir']) : undefined;
const host = args.values.host ?? '127.0.0.1';

startEmbeddedKafka({
  port,
  host,
  dataDir,
  defaultPartitions: partitions,
  logger: args.values.verbose ? (l) => process.stderr.write(`embedded-kafka: ${l}\n`) : undefined,
}).then(
  (broker) => {
    process.stdout.write(
      `embedded-kafka listening on ${broker.brokers[0]} (${dataDir ? `data: ${dataDir}` : 'in memory'})\n`,
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      void broker.stop().then(() => {
        process.stdout.write(`embedded-kafka stopped (${signal})\n`);
        process.exit(0);
      });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  },
  (e: NodeJS.ErrnoException) =>
    fail(
      e.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use (another broker? try --port)` : e.message,
    ),
);
