import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorBodyFilter, MetricsRegistry, serviceLogger, type WatchfireConfig } from '@watchfire/common';
import {
  bodyErrorHandler,
  bodyParsers,
  ingestionOptionsFromEnv,
  clientRateLimiter,
  rateLimitMiddleware,
  type IngestionOptions,
} from './front-door';
import { IngestionModule } from './ingestion.module';

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
  const app = await NestFactory.create<NestExpressApplication>(IngestionModule.forRoot(config, options), {
    bodyParser: false,
    logger: serviceLogger(config.logLevel),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const metrics = app.get(MetricsRegistry);
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
