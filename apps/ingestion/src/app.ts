import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHttpApp, MetricsRegistry, type WatchfireConfig } from '@watchfire/common';
import {
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
 * per route, and strict UTF-8 on the raw bytes. Bodies are parsed by the shared request pipeline
 * (after the guards), with the parsers of the route.
 */
export async function startIngestion(
  config: WatchfireConfig,
  port = config.ports.ingestion,
  overrides: Partial<IngestionOptions> = {},
): Promise<INestApplication> {
  const options: IngestionOptions = { ...ingestionOptionsFromEnv(), ...overrides };
  const routes = bodyParsers(options.limits);
  const parsersFor = (req: Request) =>
    routes.find(([p]) => p === '/' || req.path === p || req.path.startsWith(`${p}/`))![1];
  const app = await createHttpApp(IngestionModule.forRoot(config, options), {
    service: 'ingestion',
    logLevel: config.logLevel,
    parsersFor,
  });
  const metrics = app.get(MetricsRegistry);
  app.use('/reports', countRejectedReports(metrics));
  const limiter = clientRateLimiter(options.ratePerSecond, options.rateBurst);
  app.use(
    rateLimitMiddleware(limiter, () =>
      metrics.inc('watchfire_ingestion_rate_limited_total', 'Requests refused with 429'),
    ),
  );
  await app.init();
  await app.listen(port, config.httpHost);
  return app;
}
