/**
 * npm run bench:ingestion — reports/s accepted through POST /reports/batch up to Kafka
 * acknowledgement (HTTP, JSON parsing, validation, normalisation, content-hash de-dup, language
 * guess, produce with acks=all), beside a raw kafkajs producer sending the same payloads in the
 * same run with the same producer settings, batch size and concurrency (the limit). Goal: >= 50%.
 * The broker is in this process for both; the HTTP client runs in a worker thread.
 *
 * BENCH_REPORTS (default 20000) per round, BENCH_BATCH (500), BENCH_CONCURRENCY (4),
 * BENCH_ROUNDS (5), BENCH_BODY_CHARS (800). KAFKA_BROKERS: a real cluster instead of the embedded broker.
 */
import 'reflect-metadata';
import type { Producer } from 'kafkajs';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { urlOf, parseConfig } from '@watchfire/common';
import type { Report } from '@watchfire/contracts';
import { createKafka } from '@watchfire/kafka';
import { startIngestion } from '../apps/ingestion/src/app';

const N = Number(process.env.BENCH_REPORTS ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BODY_CHARS = Number(process.env.BENCH_BODY_CHARS ?? 800);

const WORDS =
  'the taliban said on friday that fighters had seized control of the border crossing after heavy clashes with government forces near the provincial capital officials reported casualties'.split(
    ' ',
  );

/** Unique, English-looking report bodies (a new content hash for every round and index). */
function makeRequests(
  round: number,
  n: number,
): Array<{ source: string; title: string; body: string; publishedAt: string }> {
  const out = [];
  for (let i = 0; i < n; i++) {
    let body = `Report ${round}-${i}: `;
    let k = (round * 7919 + i * 104_729) % WORDS.length;
    while (body.length < BODY_CHARS) body += `${WORDS[k++ % WORDS.length]} `;
    out.push({
      source: 'bench-wire',
      title: `Bench ${round}-${i}`,
      body: body.trim(),
      publishedAt: '2021-07-09T08:00:00Z',
    });
  }
  return out;
}

/** The message the service would publish for the same request (what the raw producer sends). */
function toReport(r: { source: string; title: string; body: string; publishedAt: string }): {
  key: string;
  value: string;
} {
  const contentHash = createHash('sha256')
    .update(r.body.toLowerCase().replace(/\s+/g, ' ').trim())
    .digest('hex');
  const id = `r-${contentHash.slice(0, 24)}`;
  const value: Report = {
    id,
    contentHash,
    source: r.source,
    title: r.title,
    body: r.body,
    publishedAt: '2021-07-09T08:00:00.000Z',
    receivedAt: new Date().toISOString(),
    language: 'en',
  };
  return { key: id, value: JSON.stringify(value) };
}

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

type Batch = { messages: Array<{ key: string; value: string }>; body: string; n: number };

/**
 * The same reports, serialised before the clock starts: the raw producer gets the Report messages
 * the service would publish, the HTTP path gets the JSON array a client would send. What is timed
 * is the producer alone (the limit) and the service alone (parse, validate, normalise, de-dup,
 * produce, answer).
 */
function prepare(reqs: ReturnType<typeof makeRequests>): Batch[] {
  return chunks(reqs, BATCH).map((b) => ({
    messages: b.map(toReport),
    body: JSON.stringify(b),
    n: b.length,
  }));
}

async function runRaw(producer: Producer, topic: string, batches: Batch[]): Promise<number> {
  const t0 = performance.now();
  await pool(batches, CONCURRENCY, async (b) => {
    await producer.send({ topic, acks: -1, messages: b.messages });
  });
  return performance.now() - t0;
}

/**
 * The HTTP client runs in a worker thread, as a client would run in its own process: what the
 * main thread spends is the service (and the broker, as for the raw producer), not the load
 * generator's JSON and socket work.
 */
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, concurrency } = workerData;
parentPort.on('message', async (bodies) => {
  let accepted = 0, next = 0, error = null;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length && !error) {
      const body = bodies[next++];
      try {
        const res = await fetch(url + '/reports/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = await res.json();
        if (res.status !== 202 || answer.rejected.length) error = 'unexpected answer ' + res.status + ': ' + JSON.stringify(answer).slice(0, 300);
        else accepted += answer.accepted;
      } catch (e) { error = String(e); }
    }
  }));
  parentPort.postMessage({ ms: performance.now() - t0, accepted, error });
});
`;

class HttpClient {
  private readonly worker: Worker;
  constructor(url: string) {
    this.worker = new Worker(CLIENT_WORKER, { eval: true, workerData: { url, concurrency: CONCURRENCY } });
  }
  run(batches: Batch[]): Promise<{ ms: number; accepted: number }> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (r: { ms: number; accepted: number; error: string | null }) =>
        r.error ? reject(new Error(r.error)) : resolve(r),
      );
      this.worker.postMessage(batches.map((b) => b.body));
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

const perSec = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface BenchResult {
  raw: number[];
  http: number[];
  table: string;
  ratio: number;
}

/** Runs the comparison against a broker; returns the rates and the printed table. */
export async function runIngestionBench(brokers: string[], label: string): Promise<BenchResult> {
  const config = parseConfig({
    KAFKA_BROKERS: brokers.join(','),
    OPERATOR_TOKEN: 'bench-operator-token-0123456789',
    LOG_LEVEL: 'error',
  });
  const app = await startIngestion(config, 0, { ratePerSecond: 0, feedsPolling: false });
  const url = urlOf(app);

  // the same client configuration as the services (libs/kafka)
  const kafka = createKafka({ brokers, clientId: 'bench-raw', logLevel: 'error' });
  const admin = kafka.admin();
  await admin.connect();
  const rawTopic = `watchfire.bench-raw.${Date.now()}`;
  await admin.createTopics({
    topics: [{ topic: rawTopic, numPartitions: 3, replicationFactor: -1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  // the same producer settings as libs/kafka's KafkaPublisher: idempotent, one request in flight, acks=all
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();

  // warm-up (JIT, connections, metadata)
  const warm = prepare(makeRequests(999, 2_000));
  await runRaw(producer, rawTopic, warm);
  const client = new HttpClient(url);
  await client.run(warm);

  const raw: number[] = [];
  const http: number[] = [];
  // How busy the main thread (service + broker) is on each path: below ~100% the limit is elsewhere.
  const busy = { raw: [] as number[], http: [] as number[] };
  const timed = async <T>(into: number[], f: () => Promise<T>): Promise<T> => {
    const start = performance.eventLoopUtilization();
    const r = await f();
    into.push(performance.eventLoopUtilization(start).utilization);
    return r;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const reqs = prepare(makeRequests(round, N));
    // alternate which path goes first, so neither always gets the fresher broker
    if (round % 2 === 0) {
      raw.push(perSec(N, await timed(busy.raw, () => runRaw(producer, rawTopic, reqs))));
      const h = await timed(busy.http, () => client.run(reqs));
      if (h.accepted !== N) throw new Error(`accepted ${h.accepted} of ${N}`);
      http.push(perSec(N, h.ms));
    } else {
      const h = await timed(busy.http, () => client.run(reqs));
      if (h.accepted !== N) throw new Error(`accepted ${h.accepted} of ${N}`);
      http.push(perSec(N, h.ms));
      raw.push(perSec(N, await timed(busy.raw, () => runRaw(producer, rawTopic, reqs))));
    }
  }

  const rawMed = median(raw);
  const httpMed = median(http);
  const rows = [
    ['path', 'reports/s (median)', 'rounds', '% of raw', 'main thread busy'],
    [
      'raw kafkajs producer (acks=all)',
      fmt(rawMed),
      raw.map(fmt).join(' / '),
      '100%',
      `${Math.round(median(busy.raw) * 100)}%`,
    ],
    [
      'POST /reports/batch -> Kafka ack',
      fmt(httpMed),
      http.map(fmt).join(' / '),
      `${Math.round((httpMed / rawMed) * 100)}%`,
      `${Math.round(median(busy.http) * 100)}%`,
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    `| ${r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join(' | ')} |`;
  const out = [
    `ingestion bench: ${ROUNDS} rounds x ${N} reports (~${BODY_CHARS} chars), batches of ${BATCH}, ${CONCURRENCY} in flight, broker: ${label}`,
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
    httpMed >= rawMed * 0.5
      ? 'goal met: >= 50% of the raw producer'
      : 'goal NOT met: < 50% of the raw producer',
  ];
  await client.close();
  await producer.disconnect();
  await app.close();
  return { raw, http, table: out.join('\n'), ratio: httpMed / rawMed };
}

async function main(): Promise<void> {
  if (process.env.KAFKA_BROKERS) {
    console.log(
      (await runIngestionBench(process.env.KAFKA_BROKERS.split(','), process.env.KAFKA_BROKERS)).table,
    );
    return;
  }
  // resolved at run time, so this file type-checks while libs/embedded-kafka is being built
  const embeddedPath: string = '../libs/embedded-kafka/src';
  const { startEmbeddedKafka } = (await import(embeddedPath)) as {
    startEmbeddedKafka: (o: { port: number }) => Promise<{ brokers: string[]; stop(): Promise<void> }>;
  };
  const broker = await startEmbeddedKafka({ port: 0 });
  try {
    console.log((await runIngestionBench(broker.brokers, `embedded (${broker.brokers.join(',')})`)).table);
  } finally {
    await broker.stop();
  }
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
