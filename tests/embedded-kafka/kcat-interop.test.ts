import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedKafka, type EmbeddedKafka } from '@watchfire/embedded-kafka';
import { collect, quietKafka, waitFor } from './support';

/**
 * kcat (librdkafka) is an independent Kafka client from Debian, not an npm package: the interop
 * suite runs whenever it is on PATH, and CI (.ci/run installs kcat and sets WATCHFIRE_REQUIRE_KCAT=1)
 * fails when it is missing instead of quietly testing kafkajs alone. `npm test` on a machine with
 * only Node still passes; the first test's name says which clients were exercised.
 */
const KCAT_VERSION = (() => {
  try {
    const out = execFileSync('kcat', ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const v = /Version (\S+).*?(librdkafka \S+)/.exec(out);
    return v ? `kcat ${v[1]}, ${v[2]}` : 'kcat';
  } catch {
    return null;
  }
})();
const KCAT_REQUIRED = process.env.WATCHFIRE_REQUIRE_KCAT === '1';

describe('Kafka clients exercised against the embedded broker', () => {
  it(
    KCAT_VERSION
      ? `kafkajs and ${KCAT_VERSION}`
      : `kafkajs only: kcat is not on PATH (install it, e.g. apt-get install kcat${KCAT_REQUIRED ? '; required here by WATCHFIRE_REQUIRE_KCAT=1' : ''})`,
    () => {
      console.log(
        `Kafka clients exercised: ${KCAT_VERSION ? `kafkajs, ${KCAT_VERSION}` : 'kafkajs only (kcat not on PATH)'}`,
      );
      // Fails where kcat is required (CI) but missing: interop must not go untested silently.
      expect(
        KCAT_VERSION !== null || !KCAT_REQUIRED,
        'WATCHFIRE_REQUIRE_KCAT=1 but kcat is not on PATH',
      ).toBe(true);
    },
  );
});

async function kcat(
  args: string[],
  input?: string,
  timeoutMs = 20_000,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${stderr}`));
    });
    child.stdin.end(input ?? '');
  });
}

// Defined only when kcat is present (no skipped tests to read past); see the test above for CI.
if (KCAT_VERSION)
  describe('kcat (librdkafka) against the embedded broker', () => {
    let broker: EmbeddedKafka;
    let b: string;
    beforeAll(async () => {
      broker = await startEmbeddedKafka({ port: 0, groupInitialRebalanceDelayMs: 50 });
      b = broker.brokers[0]!;
    });
    afterAll(async () => {
      await broker?.stop();
    });

    it('lists metadata with this node as broker and controller', async () => {
      const admin = quietKafka(broker.brokers).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kmeta', numPartitions: 3 }] });
      await admin.disconnect();
      const { stdout } = await kcat(['-b', b, '-L']);
      expect(stdout).toContain(`broker 0 at ${b} (controller)`);
      expect(stdout).toMatch(/topic "kmeta" with 3 partitions/);
    });

    it('produces with kcat and reads with kafkajs', async () => {
      await kcat(['-b', b, '-P', '-t', 'from-kcat', '-K', ':'], 'a:alpha\nb:beta\nc:gamma\n');
      const { consumer, got } = await collect(quietKafka(broker.brokers), 'from-kcat', 'kjs-reader');
      await waitFor('three messages from kcat', () => got.length === 3 || undefined);
      await consumer.disconnect();
      expect(got.map((m) => `${m.key?.toString()}=${m.value?.toString()}`)).toEqual([
        'a=alpha',
        'b=beta',
        'c=gamma',
      ]);
    });

    it('produces with kafkajs (gzip too) and reads with kcat to the end', async () => {
      const producer = quietKafka(broker.brokers).producer();
      await producer.connect();
      await producer.send({
        topic: 'from-kafkajs',
        messages: [
          { key: 'x', value: 'one' },
          { key: 'y', value: 'two' },
        ],
      });
      await producer.send({
        topic: 'from-kafkajs',
        compression: 1,
        messages: [{ key: 'z', value: 'three' }],
      });
      await producer.disconnect();
      const { stdout } = await kcat([
        '-b',
        b,
        '-C',
        '-t',
        'from-kafkajs',
        '-o',
        'beginning',
        '-e',
        '-f',
        '%k=%s@%o\n',
      ]);
      expect(stdout.trim().split('\n')).toEqual(['x=one@0', 'y=two@1', 'z=three@2']);
    });

    it('runs a kcat balanced consumer group', async () => {
      const admin = quietKafka(broker.brokers).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kgroup', numPartitions: 2 }] });
      await admin.disconnect();
      await kcat(['-b', b, '-P', '-t', 'kgroup', '-p', '0'], 'p0-a\np0-b\n');
      await kcat(['-b', b, '-P', '-t', 'kgroup', '-p', '1'], 'p1-a\n');
      const { stdout, stderr } = await kcat([
        '-b',
        b,
        '-G',
        'kcat-group',
        'kgroup',
        '-o',
        'beginning',
        '-e',
        '-X',
        'session.timeout.ms=6000',
        '-f',
        '%s\n',
      ]);
      expect(stdout.trim().split('\n').sort()).toEqual(['p0-a', 'p0-b', 'p1-a']);
      expect(stderr).toMatch(/rebalanced.*assigned: kgroup \[0\], kgroup \[1\]/);
    });
  });
