import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument, controllersOf } from './openapi';

/** One line per service for the OpenAPI info block. */
export const SERVICE_DESCRIPTIONS: Record<string, string> = {
  ingestion: 'Accepts reports (one, or a batch) and manages polled feeds; publishes to Kafka.',
  rules: 'Operator rules and silences, and a dry run of a report against the rules.',
  notifier: 'Subscriptions, the public subscribe/confirm/unsubscribe pages, deliveries and the local outbox.',
};

/** The repository's version, from the nearest package.json named watchfire (source and dist alike). */
function repoVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'watchfire') return pkg.version ?? '0.0.0';
  }
  return '0.0.0';
}
const VERSION = repoVersion();
/** swagger-ui-dist's files; resolved without loading its browser bundle into Node. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

export function openApiFor(service: string, module: Type<unknown> | DynamicModule): Record<string, unknown> {
  return buildOpenApiDocument(
    { service, version: VERSION, description: SERVICE_DESCRIPTIONS[service] ?? `The ${service} service.` },
    controllersOf(module),
  );
}

/**
 * The page at /docs: Swagger UI from the swagger-ui-dist package, served from this service (no
 * CDN), pointed at /openapi.json. The start-up script lives in its own file so the page needs no
 * inline script.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Watchfire API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true });`;

/** Serves /openapi.json and /docs (with its assets) before the Nest routes. */
export function serveApiDocs(
  app: INestApplication,
  service: string,
  module: Type<unknown> | DynamicModule,
): void {
  let doc: string | null = null;
  const route = (name: string) => (_req: Request, res: Response, next: NextFunction) => {
    res.locals.route = name;
    next();
  };
  app.use('/openapi.json', route('/openapi.json'), (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    doc ??= JSON.stringify(openApiFor(service, module));
    res.type('application/json').send(doc);
  });
  app.use(
    '/docs/assets',
    route('/docs/assets'),
    express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1h' }),
  );
  app.use('/docs/init.js', route('/docs'), (_req: Request, res: Response) => {
    res.type('application/javascript').send(INIT);
  });
  app.use('/docs', route('/docs'), (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '')) return next();
    res.type('html').send(PAGE);
  });
}
