// node -r ./scripts/register.js libs/embedded-kafka/scripts/capture-fixtures.ts
//
// Records the first request of each API and version that kcat (librdkafka, an encoder independent
// of kafkajs) sends to the broker, and writes it — header and body, without the size prefix — to
// src/protocol/<api>/v<N>/fixtures/request.kcat.hex, where src/protocol/captured.test.ts decodes
// it. The capture goes through a small TCP proxy in front of the broker: the broker advertises the
// proxy's port, so every connection kcat opens passes through it. Fixtures are written only for
// requests this run saw; review the diff (and the expected values in captured.test.ts) after.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BrokerServer } from '../src/broker/server';
import { API_BY_KEY } from '../src/protocol';

const PROTOCOL = path.join(__dirname, '..', 'src', 'protocol');
const kebab = (name: string) => name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

async function main(): Promise<void> {
  const first = new Map<string, Buffer>(); // "apiKey/version" -> the first frame seen
  const proxy = net.createServer((client) => {
    const upstream = net.connect(brokerPort, '127.0.0.1');
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        const key = `${frame.readInt16BE(0)}/${frame.readInt16BE(2)}`;
        if (!first.has(key)) first.set(key, Buffer.from(frame));
        pending = pending.subarray(4 + frame.length);
      }
    });
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const proxyPort = await listen(proxy);
  const server = new BrokerServer(
    {
      nodeId: 0,
      host: '127.0.0.1',
      port: proxyPort,
      defaultPartitions: 1,
      autoCreateTopics: true,
      maxMessageBytes: 1 << 20,
      groupInitialRebalanceDelayMs: 50,
      groupMinSessionTimeoutMs: 1_000,
      groupMaxSessionTimeoutMs: 300_000,
    },
    { maxRequestBytes: 1 << 20, maxConnections: 100 },
    () => undefined,
  );
  const brokerPort = await server.listen('127.0.0.1', 0);

  const b = `127.0.0.1:${proxyPort}`;
  // asynchronous: the proxy and the broker run in this process
  const kcat = (args: string[], input = '') =>
    new Promise<void>((resolve, reject) => {
      const child = execFile('kcat', ['-b', b, ...args], { timeout: 20_000 }, (e: Error | null) =>
        e ? reject(e) : resolve(),
      );
      child.stdin!.end(input);
    });
  await kcat(['-L']);
  await kcat(['-P', '-t', 'captured', '-K', ':'], 'k:v\n');
  await kcat(['-C', '-t', 'captured', '-o', 'beginning', '-e']);
  const group = [
    '-G',
    'capture-group',
    'captured',
    '-e',
    '-X',
    'session.timeout.ms=6000',
    '-X',
    'heartbeat.interval.ms=100',
  ];
  await kcat([...group, '-o', 'beginning']); // kcat assigns the start offset itself: no OffsetFetch; commits on leaving
  await kcat(group); // resumes from the committed offset: OffsetFetch

  proxy.close();
  await server.close();
  for (const [key, frame] of [...first].sort(
    ([a], [b]) => Number(a.split('/')[0]) - Number(b.split('/')[0]),
  )) {
    const [apiKey, version] = key.split('/').map(Number) as [number, number];
    const api = API_BY_KEY.get(apiKey);
    let dir: string;
    let name = 'request.kcat.hex';
    if (api?.versions.has(version)) dir = `${kebab(api.name)}/v${version}`;
    else if (api?.name === 'ApiVersions') {
      // answered in the v0 format with UNSUPPORTED_VERSION; kept beside v0
      dir = 'api-versions/v0';
      name = `request.v${version}.kcat.hex`;
    } else {
      console.log(`api ${apiKey} v${version}: not in the registry, not written`);
      continue;
    }
    const file = path.join(PROTOCOL, dir, 'fixtures', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${frame
        .toString('hex')
        .replace(/(.{64})/g, '$1\n')
        .trim()}\n`,
    );
    console.log(
      `${(api?.name ?? String(apiKey)).padEnd(16)} v${version} ${String(frame.length).padStart(4)} bytes -> ${path.relative(process.cwd(), file)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
