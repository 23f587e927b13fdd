import { BrokerServer, type BrokerMetrics } from './broker/server';

export type { BrokerMetrics } from './broker/server';

export interface EmbeddedKafkaOptions {
  /** Default 127.0.0.1: the embedded broker is never reachable from the network unless asked. */
  host?: string;
  /** Default 9092; 0 picks a free port. */
  port?: number;
  /** Unset: in memory. Set: append-only log files, topic metadata and committed offsets survive restarts. */
  dataDir?: string;
  defaultPartitions?: number;
  autoCreateTopics?: boolean;
  /** Largest record batch (default 1 MiB) -> MESSAGE_TOO_LARGE. */
  maxMessageBytes?: number;
  /** Largest request frame (default 100 MiB); larger closes that connection. */
  maxRequestBytes?: number;
  maxConnections?: number;
  retentionMs?: number;
  retentionBytes?: number;
  groupMinSessionTimeoutMs?: number;
  groupMaxSessionTimeoutMs?: number;
  groupInitialRebalanceDelayMs?: number;
  logger?: (line: string) => void;
}

export interface EmbeddedKafka {
  host: string;
  port: number;
  brokers: string[];
  metrics(): BrokerMetrics;
  stop(): Promise<void>;
}

/** Starts a single-node Kafka-protocol broker; resolves once it listens. */
export async function startEmbeddedKafka(opts: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.logger ?? (() => undefined);
  const config = {
    nodeId: 0,
    host,
    port: opts.port ?? 9092,
    dataDir: opts.dataDir,
    defaultPartitions: opts.defaultPartitions ?? 1,
    autoCreateTopics: opts.autoCreateTopics ?? true,
    maxMessageBytes: opts.maxMessageBytes ?? 1024 * 1024,
    retentionMs: opts.retentionMs,
    retentionBytes: opts.retentionBytes,
    groupInitialRebalanceDelayMs: opts.groupInitialRebalanceDelayMs ?? 100,
    groupMinSessionTimeoutMs: opts.groupMinSessionTimeoutMs ?? 1_000,
    groupMaxSessionTimeoutMs: opts.groupMaxSessionTimeoutMs ?? 300_000,
  };
  const server = new BrokerServer(
    config,
    {
      maxRequestBytes: opts.maxRequestBytes ?? 100 * 1024 * 1024,
      maxConnections: opts.maxConnections ?? 1_000,
    },
    log,
  );
  let port: number;
  try {
    port = await server.listen(host, config.port);
  } catch (e) {
    server.broker.close();
    throw e;
  }
  // Metadata must name the real port when 0 was asked for.
  config.port = port;
  let stopped: Promise<void> | null = null;
  return {
    host,
    port,
    brokers: [`${host}:${port}`],
    metrics: () => server.metrics(),
    stop: () => (stopped ??= server.close()),
  };
}

/** Broker counters in the Prometheus text format. */
export function renderPrometheus(m: BrokerMetrics, prefix = 'embedded_kafka'): string {
  const lines = [
    `# TYPE ${prefix}_requests_total counter`,
    ...Object.entries(m.requests).map(([api, n]) => `${prefix}_requests_total{api="${api}"} ${n}`),
    `# TYPE ${prefix}_bytes_in_total counter`,
    `${prefix}_bytes_in_total ${m.bytesIn}`,
    `# TYPE ${prefix}_bytes_out_total counter`,
    `${prefix}_bytes_out_total ${m.bytesOut}`,
    `# TYPE ${prefix}_connections gauge`,
    `${prefix}_connections ${m.connectionsOpen}`,
    `# TYPE ${prefix}_connections_total counter`,
    `${prefix}_connections_total ${m.connectionsTotal}`,
    `# TYPE ${prefix}_groups gauge`,
    `${prefix}_groups ${m.groups}`,
    `# TYPE ${prefix}_topics gauge`,
    `${prefix}_topics ${m.topics}`,
    `# TYPE ${prefix}_partitions gauge`,
    `${prefix}_partitions ${m.partitions}`,
    `# TYPE ${prefix}_messages gauge`,
    `${prefix}_messages ${m.messages}`,
  ];
  return `${lines.join('\n')}\n`;
}
