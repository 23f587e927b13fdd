/**
 * Text -> events. For every trigger (seized, fell, attack on, fighting in, under Taliban control,
 * ...) find the place it is about through shallow syntax (object, subject, preposition, appositive,
 * relative clause, list, coreference), then qualify it: negation and modality (not, could,
 * expected to, if, fears of), attempts (tried to take = attack), attribution (who said it, and
 * whether that is a claim, a report, a confirmation or a denial), actor, and date. Mentions are
 * merged into one event per (type, place).
 */
import { getDefaultGazetteer } from './gazetteer';
import { prepareDoc } from './doc';
import { findPlaces } from './places';
import type { ExtractedEvent, ReportInput } from './types';
import { createContext, type DebugInfo } from './stages/context';
import { aggregate } from './stages/merge';
import { run } from './stages/run';
import type { Gazetteer } from './gazetteer';

export type { DebugInfo } from './stages/context';
export { eventId } from './stages/merge';
export type { Span } from './doc';

export interface ExtractOptions {
  gazetteer?: Gazetteer;
  /** Keep the reasoning of each mention in `debug` (for the eval tooling). */
  debug?: boolean;
}

export function extractEvents(report: ReportInput, options: ExtractOptions = {}): ExtractedEvent[] {
  return extractWithDebug(report, options).events;
}

export function extractWithDebug(
  report: ReportInput,
  options: ExtractOptions = {},
): { events: ExtractedEvent[]; debug: DebugInfo } {
  const gaz = options.gazetteer ?? getDefaultGazetteer();
  const doc = prepareDoc(report.text ?? '', report.publishedAt);
  const debug: DebugInfo = { mentions: [] };
  if (!doc.tokens.length) return { events: [], debug };
  const places = findPlaces(doc, gaz);
  const ctx = createContext(doc, places, gaz, debug, !!options.debug);
  run(ctx);
  return { events: aggregate(ctx, report.id), debug };
}
