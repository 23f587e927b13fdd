import { Injectable } from '@nestjs/common';
import { buildGazetteer, extractEvents, type Gazetteer } from '@watchfire/extraction';
import type { Report, WatchfireEvent } from '@watchfire/contracts';

/** Wires the pure extraction library to report messages. */
@Injectable()
export class ExtractionService {
  private readonly gazetteer: Gazetteer = buildGazetteer();

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
