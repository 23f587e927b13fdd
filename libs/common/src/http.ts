import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type INestApplication, type ModuleMetadata, type Type, type DynamicModule } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { RequestHandler } from 'express';
import { ErrorBodyFilter } from './errors';
import { type BodyParsersFor, JSON_MEDIA_TYPES, RequestPipelineInterceptor } from './request-pipeline';
import { DEFAULT_SERVER_TIMEOUTS, type ServerTimeouts, TimedExpressAdapter } from './server-timeouts';
import type { WatchfireConfig } from './config';
import { accessMiddleware } from './access';
import { serviceLogger } from './logging';
import { MetricsRegistry } from './metrics';
import { serveApiDocs } from './api-docs';

export interface HttpServiceOptions {
  port: number;
  host: string;
  /** Largest accepted request body, e.g. '1mb'. Larger -> 413 with a clear message. */
  bodyLimit: string;
  logLevel?: WatchfireConfig['logLevel'];
  /** The service's name, for its log lines and its OpenAPI document (ingestion, rules, notifier). */
  service: string;
  /** Node's server timeouts (defaults: DEFAULT_SERVER_TIMEOUTS). */
  timeouts?: Partial<ServerTimeouts>;
  /** Runs after the modules are initialised and before the port opens (e.g. to start Kafka consumers). */
  beforeListen?: (app: INestApplication) => Promise<void>;
}

/** The body parsers of a service with one body limit: JSON, text/NDJSON, and small HTML forms. */
export function standardBodyParsers(limit: string): RequestHandler[] {
  return [
    express.json({ limit, type: JSON_MEDIA_TYPES }),
    express.text({
      limit,
      type: ['text/plain', 'application/x-ndjson', 'application/ndjson'],
      defaultCharset: 'utf-8',
    }),
    express.urlencoded({ limit: '16kb', extended: false }),
  ];
}

/**
 * A Nest application on the shared request pipeline (request-pipeline.ts): server timeouts, no
 * body parsing before the guards, the error shape. Not yet initialised or listening.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule | ModuleMetadata,
  opts: {
    /** The service's name, for its log lines and its OpenAPI document (ingestion, rules, notifier). */
    service: string;
    logLevel?: WatchfireConfig['logLevel'];
    timeouts?: Partial<ServerTimeouts>;
    parsersFor: BodyParsersFor;
  },
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    module as Type<unknown>,
    new TimedExpressAdapter({ ...DEFAULT_SERVER_TIMEOUTS, ...opts.timeouts }),
    { bodyParser: false, logger: serviceLogger(opts.logLevel), abortOnError: false },
  );
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(accessMiddleware(app.get(MetricsRegistry)));
  serveApiDocs(app, opts.service, module as Type<unknown> | DynamicModule);
  app.useGlobalInterceptors(new RequestPipelineInterceptor(app.get(Reflector), opts.parsersFor));
  app.useGlobalFilters(new ErrorBodyFilter());
  return app;
}

/** Creates and starts one HTTP service with the body limits and error shape every service shares. */
export async function startHttpService(
  module: Type<unknown> | DynamicModule | ModuleMetadata,
  opts: HttpServiceOptions,
): Promise<INestApplication> {
  const parsers = standardBodyParsers(opts.bodyLimit);
  const app = await createHttpApp(module, {
    service: opts.service,
    logLevel: opts.logLevel,
    timeouts: opts.timeouts,
    parsersFor: () => parsers,
  });
  await app.init();
  await opts.beforeListen?.(app);
  await app.listen(opts.port, opts.host);
  return app;
}

/** The URL an app listens on (resolves port 0 to the real port). */
export function urlOf(app: INestApplication): string {
  const addr = (app.getHttpServer() as Server).address() as AddressInfo;
  const host = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`;
}
