import { Controller, Get, Header, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsRegistry } from './metrics';

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
  check(@Res() res: Response): void {
    const r = this.health.evaluate();
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? 'ok' : 'unavailable', checks: r.checks });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
