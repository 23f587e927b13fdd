import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** Request headers the console passes on; cookies and anything else stay behind. */
const PASS_REQUEST = [
  'authorization',
  'content-type',
  'content-length',
  'if-match',
  'accept',
  'last-event-id',
];
/** Hop-by-hop headers are for one connection, not the next (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
]);

export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * Forwards one request to a service, streaming both ways (SSE included): the browser talks to one
 * origin, so there is no CORS to open up, and the operator token travels in the Authorization
 * header it came in — never in a URL, never in a cookie (so no cross-site request can carry it).
 */
export function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: string,
  path: string,
  service: string,
): void {
  const target = new URL(path, upstream);
  const headers: Record<string, string> = {};
  for (const h of PASS_REQUEST) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const out = httpRequest(target, { method: req.method, headers }, (up) => {
    const resHeaders: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers))
      if (v !== undefined && !HOP_BY_HOP.has(k)) resHeaders[k] = v;
    res.writeHead(up.statusCode ?? 502, resHeaders);
    if (/^text\/event-stream/.test(up.headers['content-type'] ?? '')) res.flushHeaders();
    up.pipe(res);
  });
  out.on('error', (e) => {
    if (res.headersSent) return void res.destroy();
    sendJson(res, 502, {
      error: {
        code: 'bad_gateway',
        message: `the ${service} service is not reachable (${e.message}); is it running?`,
      },
    });
  });
  // The browser went away (page closed, SSE aborted): stop the upstream request too.
  res.on('close', () => out.destroy());
  req.pipe(out);
}
