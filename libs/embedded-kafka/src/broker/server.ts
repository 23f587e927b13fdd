import net from 'node:net';
import { Broker, type BrokerConfig } from './broker';
import {
  API_NAMES,
  decodeRequestHeader,
  encodeResponseHeader,
  encodeUnsupportedVersion,
  Reader,
  UnsupportedRequest,
  type Writer,
} from '../protocol';

export interface ServerLimits {
  maxRequestBytes: number;
  maxConnections: number;
}

export interface BrokerMetrics {
  requests: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  connectionsOpen: number;
  connectionsTotal: number;
  connectionsRejected: number;
  protocolErrors: number;
  groups: number;
  topics: number;
  partitions: number;
  messages: number;
}

/**
 * TCP framing and ordering: each connection's requests are handled one after another and answered
 * in order (the Kafka contract, even while a Fetch long-polls). A malformed or oversized frame
 * closes that connection only.
 */
export class BrokerServer {
  readonly broker: Broker;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  readonly counters = {
    requests: {} as Record<string, number>,
    bytesIn: 0,
    bytesOut: 0,
    connectionsTotal: 0,
    connectionsRejected: 0,
    protocolErrors: 0,
  };

  constructor(
    config: BrokerConfig,
    private readonly limits: ServerLimits,
    private readonly log: (line: string) => void,
  ) {
    this.broker = new Broker(config);
    this.server = net.createServer((s) => this.accept(s));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  private accept(socket: net.Socket): void {
    if (this.sockets.size >= this.limits.maxConnections) {
      this.counters.connectionsRejected++;
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.counters.connectionsTotal++;
    socket.setNoDelay(true);
    const host = socket.remoteAddress ?? '';
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let chain = Promise.resolve();
    const close = (why: string) => {
      this.counters.protocolErrors++;
      this.log(`closing connection from ${host}: ${why}`);
      socket.destroy();
    };
    socket.on('data', (chunk: Buffer) => {
      this.counters.bytesIn += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      let buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      let off = 0;
      while (buf.length - off >= 4) {
        const size = buf.readInt32BE(off);
        if (size < 8 || size > this.limits.maxRequestBytes)
          return close(`frame of ${size} bytes (limit ${this.limits.maxRequestBytes})`);
        if (buf.length - off - 4 < size) break;
        const frame = buf.subarray(off + 4, off + 4 + size);
        off += 4 + size;
        chain = chain.then(() => this.process(socket, frame, host)).catch((e: Error) => close(e.message));
      }
      buf = buf.subarray(off);
      pending = buf.length ? [buf] : [];
      pendingBytes = buf.length;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async process(socket: net.Socket, frame: Buffer, clientHost: string): Promise<void> {
    if (socket.destroyed) return;
    const r = new Reader(frame);
    const h = decodeRequestHeader(r, clientHost);
    const name = API_NAMES.get(h.apiKey) ?? `api_${h.apiKey}`;
    this.counters.requests[name] = (this.counters.requests[name] ?? 0) + 1;
    let body: Writer | null;
    try {
      body = await this.broker.handle(h, r);
    } catch (e) {
      if (e instanceof UnsupportedRequest) {
        // The protocol's answer to a version it does not know: UNSUPPORTED_VERSION.
        body = encodeUnsupportedVersion();
        this.log(`unsupported request ${name} v${h.apiVersion} from ${h.clientId ?? 'unknown client'}`);
      } else if (e instanceof RangeError) {
        throw new Error(`malformed ${name} v${h.apiVersion} request: ${e.message}`);
      } else throw e;
    }
    if (body === null || socket.destroyed) return;
    const head = encodeResponseHeader(h.correlationId);
    const parts = body.frame();
    const size = parts[0].readInt32BE(0) + 4;
    parts[0].writeInt32BE(size, 0);
    const headBytes = head.frame().slice(1);
    socket.cork();
    socket.write(parts[0]);
    for (const b of headBytes) socket.write(b);
    for (let i = 1; i < parts.length; i++) if (parts[i].length) socket.write(parts[i]);
    socket.uncork();
    this.counters.bytesOut += size + 4;
  }

  metrics(): BrokerMetrics {
    let partitions = 0;
    let messages = 0;
    for (const t of this.broker.topics.values()) {
      partitions += t.partitions.length;
      for (const p of t.partitions) messages += Number(p.nextOffset - p.logStartOffset);
    }
    return {
      requests: { ...this.counters.requests },
      bytesIn: this.counters.bytesIn,
      bytesOut: this.counters.bytesOut,
      connectionsOpen: this.sockets.size,
      connectionsTotal: this.counters.connectionsTotal,
      connectionsRejected: this.counters.connectionsRejected,
      protocolErrors: this.counters.protocolErrors,
      groups: this.broker.groups.size,
      topics: this.broker.topics.size,
      partitions,
      messages,
    };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    this.broker.close();
  }
}
