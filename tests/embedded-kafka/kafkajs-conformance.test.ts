import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CompressionTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedKafka, type EmbeddedKafka } from '@watchfire/embedded-kafka';
import { collect, quietKafka, waitFor } from './support';

const root = path.resolve(__dirname, '..', '..');

describe('kafkajs against the embedded broker', () => {
  let broker: EmbeddedKafka;
  beforeAll(async () => {
    broker = await startEmbeddedKafka({ port: 0, groupInitialRebalanceDelayMs: 50 });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('round-trips keys, headers, null values and gzip batches', async () => {
    const kafka = quietKafka(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'roundtrip', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'roundtrip',
      messages: [{ key: 'k1', value: 'plain', headers: { trace: 'abc', multi: ['x', 'y'] } }],
    });
    await producer.send({
      topic: 'roundtrip',
      compression: CompressionTypes.GZIP,
      messages: Array.from({ length: 50 }, (_, i) => ({
        key: `g${i}`,
        value: `gzipped ${i} ${'x'.repeat(i * 10)}`,
      })),
    });
    await producer.send({ topic: 'roundtrip', messages: [{ key: 'tomb', value: null }] });
    await producer.disconnect();
    const { consumer, got } = await collect(kafka, 'roundtrip', 'roundtrip-g');
    await waitFor('52 messages', () => got.length >= 52 || undefined);
    await consumer.disconnect();
    const byKey = new Map(got.map((m) => [m.key?.toString(), m]));
    expect(byKey.get('k1')!.value!.toString()).toBe('plain');
    expect(byKey.get('k1')!.headers!.trace!.toString()).toBe('abc');
    expect((byKey.get('k1')!.headers!.multi as Buffer[]).map(String)).toEqual(['x', 'y']);
    expect(byKey.get('g49')!.value!.toString()).toBe(`gzipped 49 ${'x'.repeat(490)}`);
    expect(byKey.get('tomb')!.value).toBeNull();
    expect(got).toHaveLength(52);
  });

  it('administers topics as Apache Kafka does', async () => {
    const admin = quietKafka(broker.brokers).admin();
    await admin.connect();
    expect(
      await admin.createTopics({
        topics: [
          { topic: 'adm', numPartitions: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
        ],
      }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'adm', numPartitions: 3 }] })).toBe(false); // exists: kafkajs reports false
    await expect(
      admin.createTopics({ topics: [{ topic: 'bad name!', numPartitions: 1 }] }),
    ).rejects.toThrow();
    expect(await admin.listTopics()).toContain('adm');
    const meta = await admin.fetchTopicMetadata({ topics: ['adm'] });
    expect(meta.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    const configs = await admin.describeConfigs({
      resources: [{ type: 2, name: 'adm' }],
      includeSynonyms: false,
    });
    expect(
      configs.resources[0].configEntries.find((c) => c.configName === 'cleanup.policy')?.configValue,
    ).toBe('compact');
    await admin.createPartitions({ topicPartitions: [{ topic: 'adm', count: 5 }] });
    expect((await admin.fetchTopicOffsets('adm')).map((o) => [o.partition, o.low, o.high])).toEqual(
      [0, 1, 2, 3, 4].map((p) => [p, '0', '0']),
    );
    await admin.deleteTopics({ topics: ['adm'] });
    expect(await admin.listTopics()).not.toContain('adm');
    await admin.disconnect();
  });

  it('resumes a group from its committed offsets, reports them, and seeks', async () => {
    const kafka = quietKafka(broker.brokers);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'resume',
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}` })),
    });
    const first = await collect(kafka, 'resume', 'resume-g');
    await waitFor('first 10', () => first.got.length === 10 || undefined);
    await first.consumer.disconnect(); // commits
    await producer.send({ topic: 'resume', messages: [{ value: 'm10' }, { value: 'm11' }] });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchOffsets({ groupId: 'resume-g', topics: ['resume'] })).toEqual([
      { topic: 'resume', partitions: [{ partition: 0, offset: '10', metadata: null }] },
    ]);
    const groups = await admin.describeGroups(['resume-g']);
    expect(groups.groups[0].state).toBe('Empty');
    const second = await collect(kafka, 'resume', 'resume-g');
    await waitFor('the two new messages', () => second.got.length === 2 || undefined);
    expect(second.got.map((m) => m.value!.toString())).toEqual(['m10', 'm11']);
    second.consumer.seek({ topic: 'resume', partition: 0, offset: '3' });
    await waitFor('replay from offset 3', () => second.got.length === 11 || undefined);
    expect(second.got[2].value!.toString()).toBe('m3');
    await second.consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  });

  it("writes an idempotent producer's batches once", async () => {
    const kafka = quietKafka(broker.brokers);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 20; i++)
      await producer.send({ topic: 'idem', acks: -1, messages: [{ value: `v${i}` }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    expect((await admin.fetchTopicOffsets('idem'))[0].high).toBe('20');
    await admin.disconnect();
  });

  it("moves a killed member's partitions to the survivors after its session times out, losing no message", async () => {
    const kafka = quietKafka(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'group3', numPartitions: 6 }] });
    await admin.disconnect();
    const child = spawn(
      process.execPath,
      [
        '-r',
        './scripts/register.js',
        path.join(__dirname, 'fixtures', 'member.ts'),
        broker.brokers.join(','),
        'group3',
        'g3',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let childOut = '';
    child.stdout.on('data', (d: Buffer) => (childOut += d.toString()));
    try {
      await waitFor(
        'the child member to own all 6 partitions',
        () => /assigned \[(\d,?){6}\]/.test(childOut) || undefined,
        30_000,
      );
      const a = await collect(kafka, 'group3', 'g3');
      await waitFor(
        'a rebalance that gives the child fewer partitions',
        () => (childOut.match(/assigned \[[^\]]*\]/g) ?? []).length >= 2 || undefined,
        30_000,
      );
      const b = await collect(kafka, 'group3', 'g3');
      await waitFor(
        'three members with two partitions each',
        async () => {
          const d = kafka.admin();
          await d.connect();
          const g = (await d.describeGroups(['g3'])).groups[0];
          await d.disconnect();
          return (g.state === 'Stable' && g.members.length === 3) || undefined;
        },
        30_000,
      );
      const lines = () => childOut.split('\n').filter((l) => l.startsWith('assigned'));
      const childPartitions = JSON.parse(lines().at(-1)!.slice('assigned '.length)) as number[];
      expect(childPartitions.length).toBe(2);

      child.kill('SIGKILL');
      const producer = kafka.producer();
      await producer.connect();
      const sent = Array.from({ length: 60 }, (_, i) => ({ partition: i % 6, value: `after-kill-${i}` }));
      await producer.send({ topic: 'group3', messages: sent });
      await producer.disconnect();
      // The dead member's partitions stall until its 6 s session times out, then a survivor takes them.
      await waitFor(
        'every message after the kill',
        () => {
          const seen = new Set([...a.got, ...b.got].map((m) => m.value!.toString()));
          return sent.every((m) => seen.has(m.value)) || undefined;
        },
        30_000,
      );
      const survivorsOf = (got: typeof a.got) =>
        new Set(got.filter((m) => m.value!.toString().startsWith('after-kill')).map((m) => m.partition));
      const taken = new Set([...survivorsOf(a.got), ...survivorsOf(b.got)]);
      for (const p of childPartitions) expect(taken.has(p)).toBe(true);
      await a.consumer.disconnect();
      await b.consumer.disconnect();
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('keeps serving other clients when one sends garbage or an oversized frame', async () => {
    for (const bytes of [
      Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]),
      Buffer.from([0, 0, 0, 12, 0, 3, 0, 4, 0, 0, 0, 1, 0x7f, 0x7f, 0, 0]),
    ]) {
      const closed = await new Promise<boolean>((resolve) => {
        const s = net.connect(broker.port, '127.0.0.1', () => s.write(bytes));
        s.on('close', () => resolve(true));
        s.on('error', () => undefined);
        setTimeout(() => {
          s.destroy();
          resolve(false);
        }, 3_000);
      });
      expect(closed).toBe(true);
    }
    const admin = quietKafka(broker.brokers).admin();
    await admin.connect();
    expect(Array.isArray(await admin.listTopics())).toBe(true);
    await admin.disconnect();
    expect(broker.metrics().protocolErrors).toBeGreaterThanOrEqual(3);
  });

  it('refuses a batch over the size limit with MESSAGE_TOO_LARGE', async () => {
    const small = await startEmbeddedKafka({ port: 0, maxMessageBytes: 10_000 });
    try {
      const producer = quietKafka(small.brokers).producer({ retry: { retries: 0 } });
      await producer.connect();
      await expect(
        producer.send({ topic: 'big', messages: [{ value: 'x'.repeat(20_000) }] }),
      ).rejects.toThrow(/too large|larger than/i);
      await producer.send({ topic: 'big', messages: [{ value: 'fits' }] });
      await producer.disconnect();
    } finally {
      await small.stop();
    }
  });
});

describe('persistence', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'embedded-kafka-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps topics, messages and committed offsets across a restart, and truncates a torn tail', async () => {
    const first = await startEmbeddedKafka({ port: 0, dataDir: dir });
    const kafka = quietKafka(first.brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'durable', numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'durable',
      messages: Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 })),
    });
    await producer.disconnect();
    const c = await collect(kafka, 'durable', 'durable-g');
    await waitFor('8 messages', () => c.got.length === 8 || undefined);
    await c.consumer.disconnect();
    await first.stop();

    // A crash mid-write leaves half a batch at the end of a partition file.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(
      path.join(dir, 'logs', 'durable-0', '00000000000000000000.log'),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1, 0, 0xde, 0xad]),
    );

    const second = await startEmbeddedKafka({ port: 0, dataDir: dir });
    try {
      const kafka2 = quietKafka(second.brokers);
      const admin2 = kafka2.admin();
      await admin2.connect();
      expect((await admin2.fetchTopicOffsets('durable')).map((o) => o.high).sort()).toEqual(['4', '4']);
      expect(await admin2.fetchOffsets({ groupId: 'durable-g', topics: ['durable'] })).toEqual([
        {
          topic: 'durable',
          partitions: expect.arrayContaining([
            { partition: 0, offset: '4', metadata: null },
            { partition: 1, offset: '4', metadata: null },
          ]),
        },
      ]);
      const cfg = await admin2.describeConfigs({
        resources: [{ type: 2, name: 'durable' }],
        includeSynonyms: false,
      });
      expect(cfg.resources[0].configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue).toBe(
        'compact',
      );
      await admin2.disconnect();
      const producer2 = kafka2.producer();
      await producer2.connect();
      await producer2.send({
        topic: 'durable',
        messages: [{ key: 'after', value: 'restart', partition: 0 }],
      });
      await producer2.disconnect();
      const all = await collect(kafka2, 'durable', `fresh-${Date.now()}`);
      await waitFor('9 messages', () => all.got.length === 9 || undefined);
      expect(all.got.find((m) => m.key?.toString() === 'after')!.offset).toBe('4');
      await all.consumer.disconnect();
    } finally {
      await second.stop();
    }
  }, 60_000);
});
