import type { INestApplication } from '@nestjs/common';
import type { RunningSystem } from '../support/system';
import type { Service } from './endpoints';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The routes an app registered with Express, as "METHOD /path". */
function routesOf(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] } };
  const out: string[] = [];
  for (const layer of express.router?.stack ?? []) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods))
      if (on && method !== '_all') out.push(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return out;
}

/** Every route of the running system, as "service METHOD /path". */
export function registeredRoutes(system: RunningSystem): string[] {
  const services: Service[] = ['ingestion', 'rules', 'notifier'];
  return system.apps.flatMap((app, i) => routesOf(app).map((r) => `${services[i]} ${r}`));
}
