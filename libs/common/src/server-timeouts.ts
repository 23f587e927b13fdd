import { createServer, type RequestListener } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';

/**
 * Node's HTTP server timeouts. Node's own defaults (a request may take 300 s, and the timeouts are
 * only checked every 30 s) let a client that sends its body slowly — or announces a chunk of
 * 2^64−1 bytes and never sends it — hold a connection for minutes. These cut such a request with
 * 408 within seconds. The trade-off: a client on a link slower than about 1 MiB/s cannot upload a
 * 16 MiB batch in one request (it splits it, as the 413 already tells it to).
 */
export interface ServerTimeouts {
  /** Time to receive the request headers. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (then 408 and the connection is closed). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** How often Node looks for requests over their time (its default, 30 s, is what makes them slow to act). */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/**
 * Nest's Express adapter with a server created with the timeouts above: `connectionsCheckingInterval`
 * can only be given when the server is created, which the stock adapter does without options.
 */
export class TimedExpressAdapter extends ExpressAdapter {
  constructor(private readonly timeouts: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const t = this.timeouts;
    const server = createServer(
      {
        headersTimeout: t.headersTimeoutMs,
        requestTimeout: t.requestTimeoutMs,
        keepAliveTimeout: t.keepAliveTimeoutMs,
        connectionsCheckingInterval: t.checkIntervalMs,
      },
      this.getInstance<RequestListener>(),
    );
    this.setHttpServer(server);
  }
}
