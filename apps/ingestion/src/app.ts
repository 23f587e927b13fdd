import type { INestApplication } from '@nestjs/common';
import { startHttpService, type WatchfireConfig } from '@watchfire/common';
import { IngestionModule } from './ingestion.module';

/** Starts the ingestion service; port 0 picks a free port (tests). */
export function startIngestion(config: WatchfireConfig, port = config.ports.ingestion): Promise<INestApplication> {
  // A batch of 1,000 reports can legitimately be several MiB; single reports are bounded by the schema.
  return startHttpService(IngestionModule.forRoot(config), { port, host: config.httpHost, bodyLimit: '16mb', logLevel: config.logLevel });
}
