import type { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import { createHttpApp, MetricsRegistry, type WatchfireConfig } from '@watchfire/common';
import {
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
    logLevel: config.logLevel,
    parsersFor,
  });
  const metrics = app.get(MetricsRegistry);
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
