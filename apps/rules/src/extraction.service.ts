import { readFileSync } from 'node:fs';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigError } from '@watchfire/common';
import {
  buildGazetteer,
  extractEvents,
  validatePlaceEntries,
  type Gazetteer,
  type PlaceEntry,
} from '@watchfire/extraction';
import type { Report, WatchfireEvent } from '@watchfire/contracts';

/** Operator places added to the built-in gazetteer (PLACES_FILE). */
export const EXTRA_PLACES = Symbol('EXTRA_PLACES');

/**
 * PLACES_FILE: a JSON file of operator places (an array of place entries, or `{"places": [...]}`,
 * the shape of libs/extraction/gazetteer/afghanistan.json), added to the gazetteer as `npm run
 * extract -- --places` does. A missing or invalid file stops start-up with one line naming it.
 */
export function placesFromEnv(env: Record<string, string | undefined> = process.env): PlaceEntry[] {
  const file = env.PLACES_FILE?.trim();
  if (!file) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`PLACES_FILE=${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const v = validatePlaceEntries(parsed);
  if (!v.ok)
    throw new ConfigError(
      `PLACES_FILE=${file}: ${v.errors.slice(0, 3).join('; ')}${v.errors.length > 3 ? ` (and ${v.errors.length - 3} more)` : ''}`,
    );
  return v.places;
}

/** Wires the pure extraction library to report messages. */
@Injectable()
export class ExtractionService {
  private readonly gazetteer: Gazetteer;

  constructor(@Optional() @Inject(EXTRA_PLACES) places: PlaceEntry[] | null = null) {
    this.gazetteer = buildGazetteer(places ?? []);
  }

  eventsOf(
    report: Pick<Report, 'id' | 'body' | 'source' | 'title' | 'url' | 'publishedAt'>,
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
    }));
  }
}
