import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import {
  accessMiddleware,
  ErrorBodyFilter,
  MetricsRegistry,
  serveApiDocs,
  serviceLogger,
  type WatchfireConfig,
} from '@watchfire/common';
import {
  bodyErrorHandler,
  bodyParsers,
  ingestionOptionsFromEnv,
  clientRateLimiter,
  rateLimitMiddleware,
  type IngestionOptions,
} from './front-door';
import { IngestionModule } from './ingestion.module';
import { REPORTS_REJECTED } from './reports.service';

/** Bounded reasons for a refused report request, from its status (the error codes of libs/common). */
const REJECTION_REASONS: Record<number, string> = {
  400: 'validation_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Counts refused POST /reports and /reports/batch requests by reason — whoever refused them (rate
 * limit, body parser, UTF-8 check, validation, Kafka down). Items refused inside an accepted batch
 * are counted by the batch handler.
 */
function countRejectedReports(metrics: MetricsRegistry) {
  const rejected = metrics.counter(REPORTS_REJECTED.name, REPORTS_REJECTED.help, ['reason']);
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.once('finish', () => {
      if (res.statusCode >= 400)
        rejected.inc({
          reason: REJECTION_REASONS[res.statusCode] ?? `http_${res.statusCode >= 500 ? '5xx' : '4xx'}`,
        });
    });
    next();
  };
}

/**
 * Starts the ingestion service; port 0 picks a free port (tests). Like startHttpService in
 * libs/common, but the front door is stricter: rate limit before the body is read, a body limit
 * per route, and strict UTF-8 on the raw bytes.
 */
export async function startIngestion(
  config: WatchfireConfig,
  port = config.ports.ingestion,
  overrides: Partial<IngestionOptions> = {},
): Promise<INestApplication> {
  const options: IngestionOptions = { ...ingestionOptionsFromEnv(), ...overrides };
  const module = IngestionModule.forRoot(config, options);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: serviceLogger(config.logLevel),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const metrics = app.get(MetricsRegistry);
  app.use(accessMiddleware(metrics));
  app.use('/reports', countRejectedReports(metrics));
  serveApiDocs(app, 'ingestion', module);
  const limiter = clientRateLimiter(options.ratePerSecond, options.rateBurst);
  app.use(
    rateLimitMiddleware(limiter, () =>
      metrics.inc('watchfire_ingestion_rate_limited_total', 'Requests refused with 429'),
    ),
  );
  for (const [path, handlers] of bodyParsers(options.limits)) app.use(path, ...handlers);
  app.use(bodyErrorHandler);
  app.useGlobalFilters(new ErrorBodyFilter());
  await app.init();
  await app.listen(port, config.httpHost);
  return app;
}
