import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HTTP_BUCKETS, type MetricsRegistry } from './metrics';

/**
 * Times every HTTP request into `watchfire_http_request_duration_seconds{method,route,status}` and
 * writes one access-log line at debug. The route label is the template Express matched
 * (`/rules/:id`), never the raw path, so ids cannot blow up the series count; a request no route
 * took (404, 429 before routing) is `(unmatched)`. The log line carries the path without its query
 * string: unsubscribe links put their token there.
 */
export function accessMiddleware(metrics: MetricsRegistry) {
  const duration = metrics.histogram(
    'watchfire_http_request_duration_seconds',
    'HTTP request duration by method, route template and status',
    ['method', 'route', 'status'],
    HTTP_BUCKETS,
  );
  const log = new Logger('http');
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route =
        (res.locals.route as string | undefined) ??
        (req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : '(unmatched)');
      const status = res.statusCode;
      duration.observe({ method: req.method, route, status: String(status) }, seconds);
      log.debug({
        msg: `${req.method} ${req.baseUrl}${req.path} ${status} ${(seconds * 1000).toFixed(1)}ms`,
        method: req.method,
        route,
        path: `${req.baseUrl}${req.path}`,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
      });
    });
    next();
  };
}
