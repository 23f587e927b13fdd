import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { proxy, sendJson } from './proxy';
import { renderWorldSvg } from './world-map';

export interface ConsoleOptions {
  port: number;
  host: string;
  /** Base URLs of the services the console's /api/<name>/ forwards to. */
  services: { ingestion: string; rules: string; notifier: string };
  /** The notifier's public URL (PUBLIC_BASE_URL): where subscribers sign up. */
  publicBaseUrl: string;
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

/** The browser files: beside src/ when run from source, and found from dist/ after `npm run build`. */
const PUBLIC_DIR =
  [
    path.join(__dirname, '..', 'public'),
    path.join(__dirname, '..', '..', '..', '..', 'apps', 'console', 'public'),
  ].find((d) => existsSync(path.join(d, 'index.html'))) ?? path.join(__dirname, '..', 'public');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Scripts, styles and data come from this origin only; nothing inline, so text that slipped past
 * escaping could still not run. frame-ancestors: no clickjacking of the operator's session.
 */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Serves the console: static files, the pre-rendered map, and /api/<service>/… forwarded to the service. */
export function startConsole(opts: ConsoleOptions): Promise<RunningConsole> {
  const maps = new Map<string, string>();
  const map = (res: '110m' | '50m') => {
    let svg = maps.get(res);
    if (!svg) maps.set(res, (svg = renderWorldSvg(res)));
    return svg;
  };
  const files = new Map<string, Buffer>();

  async function serveFile(res: ServerResponse, rel: string): Promise<void> {
    const full = path.resolve(PUBLIC_DIR, rel);
    const type = TYPES[path.extname(full)];
    if (!full.startsWith(PUBLIC_DIR + path.sep) || !type) return sendJson(res, 404, notFound(rel));
    let body = files.get(full);
    if (!body) {
      body = await readFile(full).catch(() => undefined);
      if (!body) return sendJson(res, 404, notFound(rel));
      files.set(full, body);
    }
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const p = url.pathname;
    const api = /^\/api\/(ingestion|rules|notifier)(\/.*)$/.exec(p);
    if (api) {
      const name = api[1] as keyof ConsoleOptions['services'];
      return proxy(req, res, opts.services[name], api[2] + url.search, name);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: { code: 'method_not_allowed', message: `${req.method} ${p}` } });
    if (p === '/' || p === '/index.html') return serveFile(res, 'index.html');
    if (p === '/health') return sendJson(res, 200, { status: 'ok' });
    if (p === '/config.json') return sendJson(res, 200, { publicBaseUrl: opts.publicBaseUrl });
    if (p === '/map/world.svg' || p === '/map/world-50m.svg') {
      res.writeHead(200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'max-age=86400',
        ...SECURITY_HEADERS,
      });
      return void res.end(map(p.includes('50m') ? '50m' : '110m'));
    }
    if (p.startsWith('/assets/')) return serveFile(res, p.slice('/assets/'.length));
    return sendJson(res, 404, notFound(p));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: e.message } });
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const addr = server.address() as { address: string; port: number };
      const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const notFound = (what: string) => ({
  error: { code: 'not_found', message: `${what.slice(0, 200)} not found` },
});
