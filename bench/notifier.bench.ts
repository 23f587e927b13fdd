/**
 * npm run bench:notifier — alert x subscriber fan-out into a local SMTP sink, beside the sink's
 * own accept rate measured in the same run with the same pool size (the limit the notifier can
 * at best reach). Also: subscription matching through the index with 100k subscribers.
 *
 * BENCH_SUBS (default 500), BENCH_ALERTS (10), BENCH_POOL (8), BENCH_CONCURRENCY (32).
 */
import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { Socket, type AddressInfo } from 'node:net';
import { parseConfig } from '@watchfire/common';
import {
  AlertSchema,
  SubscriptionRecordSchema,
  TOPIC_SPECS,
  TOPICS,
  type SubscriptionRecord,
} from '@watchfire/contracts';
import { renderAlertEmail, SubscriptionIndex, TokenSigner } from '@watchfire/notify';
import { sampleAlert } from '@watchfire/notify/testing';
import { startNotifier } from '../apps/notifier/src/app';
import { OwnershipService } from '../apps/notifier/src/ownership.service';

const SUBS = Number(process.env.BENCH_SUBS ?? 500);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 10);
const POOL = Number(process.env.BENCH_POOL ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function startSink(): Promise<{
  url: string;
  count: () => number;
  ids: Map<string, number>;
  stop: () => Promise<void>;
}> {
  let count = 0;
  const ids = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 500,
    closeTimeout: 500,
    onData(stream, _session, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 4096) head += c.toString('utf8');
      });
      stream.on('end', () => {
        count++;
        const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1];
        if (id) ids.set(id, (ids.get(id) ?? 0) + 1);
        cb(null, 'ok');
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    ids,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** KAFKA_BROKERS when set, otherwise the embedded broker on a free port. */
async function startBroker(): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS)
    return { brokers: process.env.KAFKA_BROKERS.split(','), stop: () => Promise.resolve() };
  const lib = '../libs/embedded-kafka/src';
  const { startEmbeddedKafka } = (await import(lib)) as {
    startEmbeddedKafka: (o: { port: number }) => Promise<{ brokers: string[]; stop: () => Promise<void> }>;
  };
  return startEmbeddedKafka({ port: 0 });
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

/** The sink's accept rate through the same client set-up as the notifier's MailerService (pool, no Nagle), without Kafka, matching or rendering. */
async function sinkLimit(
  url: string,
  n: number,
  mail: { subject: string; text: string; html: string; headers: Record<string, string> },
  tag: string,
): Promise<number> {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: POOL,
    maxMessages: 100_000,
    getSocket: (_o: unknown, cb: (e: Error | null, r?: { socket: Socket }) => void) =>
      cb(null, { socket: new Socket().setNoDelay(true) }),
  } as never);
  const t0 = performance.now();
  let next = 0;
  // As many sends in flight as the notifier can have: its concurrency per alert, alerts of
  // different partitions in parallel.
  await Promise.all(
    Array.from({ length: CONCURRENCY * TOPIC_SPECS.alerts.partitions }, async () => {
      while (next < n) {
        const i = next++;
        await transport.sendMail({
          from: 'a@watchfire.test',
          to: `r${i}@example.org`,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<limit.${tag}.${i}@watchfire.test>`,
          headers: mail.headers,
        });
      }
    }),
  );
  const ms = performance.now() - t0;
  transport.close();
  return ms;
}

/** The whole bench, as the script it is (setup, the three measurements, the report, in order); `kafkaFor` lets a harness substitute the client (tests/rules' fake, for a dry run). */
export async function runNotifierBench(
  opts: { startBroker?: typeof startBroker; kafkaFor?: (brokers: string[]) => Kafka } = {},
): Promise<void> {
  // 1. Matching through the index.
  {
    const index = new SubscriptionIndex<{ id: string; filter?: SubscriptionRecord['filter'] }>();
    for (let i = 0; i < 100_000; i++)
      index.upsert({
        id: `s${i}`,
        filter: { countries: ['Afghanistan'], provinces: [`Province ${i % 400}`], minSeverity: 'medium' },
      });
    const alert = sampleAlert({
      location: {
        id: 'x',
        name: 'X',
        kind: 'provincial_capital',
        province: 'Province 7',
        country: 'Afghanistan',
      },
    });
    const t0 = performance.now();
    let matched = 0;
    for (let k = 0; k < 2_000; k++) matched = index.match(alert).length;
    const ms = performance.now() - t0;
    console.log(
      `matching: 100,000 subscribers, ${matched} match each alert: ${(ms / 2_000).toFixed(3)} ms per alert (${rate(2_000, ms)} alerts)`,
    );
  }

  const broker = await (opts.startBroker ?? startBroker)();
  const sink = await startSink();
  try {
    // 2. The sink's own accept rate: nodemailer, same pool size and concurrency, pre-rendered mails.
    const signer = new TokenSigner('bench-secret-0123456789');
    const sample = renderAlertEmail(
      sampleAlert(),
      { id: 'b', email: 'b@example.org' },
      { publicBaseUrl: 'http://127.0.0.1:3003', unsubscribeToken: signer.sign('unsubscribe', 'b') },
    );
    const n = SUBS * ALERTS;
    const limitMs1 = await sinkLimit(sink.url, n, sample, 'a');
    const before = sink.count();

    // 3. The notifier: subscriptions in the compacted topic, then alerts; until the sink has every mail.
    const kafka =
      opts.kafkaFor?.(broker.brokers) ??
      new Kafka({ clientId: 'bench', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .createTopics({
        topics: [
          {
            topic: TOPICS.subscriptions,
            numPartitions: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
      })
      .catch(() => undefined);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const now = new Date().toISOString();
    const subs = Array.from({ length: SUBS }, (_, i) =>
      SubscriptionRecordSchema.parse({
        id: `s-bench-${i}`,
        email: `analyst${i}@example.org`,
        filter: { countries: ['Afghanistan'] },
        delivery: 'immediate',
        status: 'active',
        version: 1,
        createdAt: now,
        updatedAt: now,
      }),
    );
    for (let i = 0; i < subs.length; i += 1_000) {
      await producer.send({
        topic: TOPICS.subscriptions,
        acks: -1,
        messages: subs.slice(i, i + 1_000).map((s) => ({ key: s.id, value: JSON.stringify(s) })),
      });
    }
    const config = parseConfig({
      KAFKA_BROKERS: broker.brokers.join(','),
      SMTP_URL: sink.url,
      OPERATOR_TOKEN: 'bench-operator-token-0123456789',
      LOG_LEVEL: 'error',
      MAIL_FROM: 'Watchfire <alerts@watchfire.test>',
    });
    const app = await startNotifier(config, {
      port: 0,
      notifier: {
        sendConcurrency: CONCURRENCY,
        smtpPoolSize: POOL,
        recipientBurst: 1_000_000,
        recipientPerHour: 10_000_000,
      },
    });
    // Wait for the consumer group to hand this instance its partitions (not part of the measurement).
    const ownership = app.get(OwnershipService);
    for (let i = 0; i < 600 && !ownership.any; i++) await new Promise((r) => setTimeout(r, 50));
    const alerts = Array.from({ length: ALERTS }, (_, i) =>
      AlertSchema.parse(sampleAlert({ id: `bench-alert-${i}` })),
    );
    const t1 = performance.now();
    await producer.send({
      topic: TOPICS.alerts,
      acks: -1,
      messages: alerts.map((a) => ({ key: a.id, value: JSON.stringify(a) })),
    });
    const deadline = Date.now() + 600_000;
    while (sink.count() - before < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const fanMs = performance.now() - t1;
    const delivered = sink.count() - before;
    const dupes = [...sink.ids].filter(([id, c]) => id.startsWith('<bench-alert-') && c > 1).length;
    await producer.disconnect();
    await app.close();
    // Measured before and after the notifier (the machine is shared and noisy): the better one is the limit.
    const limitMs2 = await sinkLimit(sink.url, n, sample, 'b');
    const limitMs = Math.min(limitMs1, limitMs2);

    console.log(
      `fan-out: ${ALERTS} alerts x ${SUBS} subscribers = ${n} mails (pool ${POOL}, concurrency ${CONCURRENCY})`,
    );
    console.log(
      `  SMTP sink alone (nodemailer -> sink, pre-rendered, same pool): ${n} in ${(limitMs / 1000).toFixed(2)} s = ${rate(n, limitMs)}  <- the limit (runs: ${rate(n, limitMs1)} before, ${rate(n, limitMs2)} after)`,
    );
    console.log(
      `  notifier (Kafka -> match -> ledger check -> render -> SMTP -> ledger): ${delivered} in ${(fanMs / 1000).toFixed(2)} s = ${rate(delivered, fanMs)}  (${Math.round((limitMs / fanMs) * 100)}% of the limit)`,
    );
    console.log(`  duplicates: ${dupes}${delivered < n ? `; MISSING ${n - delivered}` : ''}`);
  } finally {
    await sink.stop();
    await broker.stop();
  }
}

if (require.main === module) {
  runNotifierBench().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
