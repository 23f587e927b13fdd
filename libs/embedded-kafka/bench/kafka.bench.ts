// npm run bench:kafka — kafkajs produces then consumes N 1 KiB messages through the embedded broker
// (in a child process). Prints msgs/s and MB/s per direction and the broker's CPU time divided by
// the client's for the same run: below 1 means the broker is not the bottleneck.
import { fork } from 'node:child_process';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const N = Number(process.env.BENCH_MESSAGES ?? 200_000);
const SIZE = 1024;
const BATCH = 1_000;
const IN_FLIGHT = 4;

type Usage = { cpu: NodeJS.CpuUsage; metrics: { bytesIn: number; bytesOut: number } };

async function main(): Promise<void> {
  const child = fork(path.join(__dirname, 'broker-child.ts'), {
    execArgv: ['-r', path.join(__dirname, '..', '..', '..', 'scripts', 'register.js')],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const usage = () =>
    new Promise<Usage>((resolve) => {
      child.once('message', (m: Usage) => resolve(m));
      child.send('usage');
    });
  const kafka = new Kafka({ brokers: [`127.0.0.1:${port}`], clientId: 'bench', logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'bench', numPartitions: 4 }] });
  await admin.disconnect();
  const value = Buffer.alloc(SIZE, 'x');
  const producer = kafka.producer();
  await producer.connect();

  const brokerBefore = await usage();
  const clientBefore = process.cpuUsage();
  let t0 = performance.now();
  let sent = 0;
  const sendOne = async (): Promise<void> => {
    while (sent < N) {
      const n = Math.min(BATCH, N - sent);
      sent += n;
      await producer.send({
        topic: 'bench',
        acks: 1,
        messages: Array.from({ length: n }, (_, i) => ({ key: String(i % 64), value })),
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sendOne));
  const produceMs = performance.now() - t0;
  await producer.disconnect();

  const consumer = kafka.consumer({
    groupId: 'bench',
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: 'bench', fromBeginning: true });
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  t0 = performance.now();
  await consumer.run({
    eachBatch: ({ batch }) => {
      received += batch.messages.length;
      if (received >= N) done();
      return Promise.resolve();
    },
  });
  await finished;
  const consumeMs = performance.now() - t0;
  const clientCpu = process.cpuUsage(clientBefore);
  const brokerAfter = await usage();
  await consumer.disconnect();
  child.send('stop');

  const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const brokerMs = ms(brokerAfter.cpu) - ms(brokerBefore.cpu);
  const mb = (N * SIZE) / 1e6;
  const row = (name: string, t: number) =>
    `${name.padEnd(10)} ${String(N).padStart(9)} ${(N / (t / 1000)).toFixed(0).padStart(11)} ${(mb / (t / 1000)).toFixed(1).padStart(8)} ${(t / 1000).toFixed(2).padStart(8)}`;
  console.log(
    `embedded-kafka benchmark: ${N} messages of ${SIZE} B, kafkajs ${BATCH}-message batches, ${IN_FLIGHT} in flight, 4 partitions`,
  );
  console.log(`direction   messages      msgs/s     MB/s  seconds`);
  console.log(row('produce', produceMs));
  console.log(row('consume', consumeMs));
  console.log(
    `broker CPU ${(brokerMs / 1000).toFixed(2)} s / client CPU ${(ms(clientCpu) / 1000).toFixed(2)} s = ${(brokerMs / ms(clientCpu)).toFixed(2)} (goal < 1: the broker is not the bottleneck)`,
  );
  console.log(
    `broker bytes in ${(brokerAfter.metrics.bytesIn / 1e6).toFixed(0)} MB, out ${(brokerAfter.metrics.bytesOut / 1e6).toFixed(0)} MB`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
