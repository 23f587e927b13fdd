import { Inject, Injectable, Logger } from '@nestjs/common';
import { WATCHFIRE_CONFIG, type WatchfireConfig } from '@watchfire/common';
import { buildGazetteer, extractEvents, getWorldGazetteer, type Gazetteer } from '@watchfire/extraction';
import type { Report, WatchfireEvent } from '@watchfire/contracts';

/** Wires the pure extraction library to report messages. */
@Injectable()
export class ExtractionService {
  private readonly gazetteer: Gazetteer;

  constructor(@Inject(WATCHFIRE_CONFIG) config: WatchfireConfig) {
    // The world gazetteer is read from its data packages once per process (~0.3-0.6 s) and shared;
    // bad data stops start-up here with one line naming the entry.
    const t0 = performance.now();
    this.gazetteer =
      config.gazetteer === 'afghanistan' ? buildGazetteer([], { world: false }) : getWorldGazetteer();
    const g = this.gazetteer;
    new Logger('Extraction').log(
      `gazetteer: ${g.world ? 'world' : 'Afghanistan only'}, ${g.places.length.toLocaleString('en-US')} places, ${g.countries.length} countries (${Math.round(performance.now() - t0)} ms)`,
    );
  }

  eventsOf(
    report: Pick<Report, 'id' | 'body' | 'source' | 'title' | 'url' | 'publishedAt'> &
      Partial<Pick<Report, 'receivedAt'>>,
    detectedAt = new Date().toISOString(),
  ): WatchfireEvent[] {
    const found = extractEvents(
      { id: report.id, text: report.body, publishedAt: report.publishedAt, title: report.title },
      { gazetteer: this.gazetteer },
    );
    return found.map((e) => ({
      ...e,
      report: {
        source: report.source,
        ...(report.title ? { title: report.title } : {}),
        ...(report.url ? { url: report.url } : {}),
        ...(report.publishedAt ? { publishedAt: report.publishedAt } : {}),
      },
      reportText: report.body,
      detectedAt,
      ...(report.receivedAt ? { reportReceivedAt: report.receivedAt } : {}),
    }));
  }
}
