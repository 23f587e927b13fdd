import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigError, WATCHFIRE_CONFIG, type WatchfireConfig } from '@watchfire/common';
import {
  buildGazetteer,
  extractEvents,
  getWorldGazetteer,
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

  constructor(
    @Inject(WATCHFIRE_CONFIG) config: WatchfireConfig,
    @Optional() @Inject(EXTRA_PLACES) places: PlaceEntry[] | null = null,
  ) {
    // The world gazetteer is read from its data packages once per process (~0.3-0.6 s) and shared;
    // bad data stops start-up here with one line naming the entry. Operator places (PLACES_FILE)
    // come first, so a gazetteer of its own is built when there are any.
    const t0 = performance.now();
    const world = config.gazetteer !== 'afghanistan';
    this.gazetteer = places?.length
      ? buildGazetteer(places, { world })
      : world
        ? getWorldGazetteer()
        : buildGazetteer([], { world: false });
    const g = this.gazetteer;
    new Logger('Extraction').log(
      `gazetteer: ${g.world ? 'world' : 'Afghanistan only'}${places?.length ? ` + ${places.length} operator places` : ''}, ${g.places.length.toLocaleString('en-US')} places, ${g.countries.length} countries (${Math.round(performance.now() - t0)} ms)`,
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
