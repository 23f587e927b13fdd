import { Controller, Get, Header, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { MetricsRegistry } from './metrics';
import { ApiDoc } from './openapi';

const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});

export interface HealthCheckResult {
  ok: boolean;
  detail?: string;
}

/** Components (Kafka clients, tables, SMTP) register a check; /health is 200 only when all pass. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, () => HealthCheckResult>();
  register(name: string, check: () => HealthCheckResult): void {
    this.checks.set(name, check);
  }
  evaluate(): { ok: boolean; checks: Record<string, HealthCheckResult> } {
    const checks: Record<string, HealthCheckResult> = {};
    let ok = this.checks.size > 0;
    for (const [name, check] of this.checks) {
      let r: HealthCheckResult;
      try {
        r = check();
      } catch (e) {
        r = { ok: false, detail: (e as Error).message };
      }
      checks[name] = r;
      ok &&= r.ok;
    }
    return { ok, checks };
  }
}

@Controller()
export class ObservabilityController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Get('health')
  @ApiDoc({
    summary: 'Health: 200 when every component (Kafka clients, tables, SMTP) is ready, 503 otherwise',
    response: HealthSchema,
    errors: { 503: 'A component is not ready; `checks` says which' },
  })
  check(@Res() res: Response): void {
    const r = this.health.evaluate();
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? 'ok' : 'unavailable', checks: r.checks });
  }

  @Get('metrics')
  @ApiDoc({
    summary: 'Prometheus metrics (text exposition format 0.0.4); see docs/operations.md',
    responseType: 'text/plain',
    response: z.string(),
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
