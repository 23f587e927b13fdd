/**
 * @watchfire/extraction — pure text -> events (no I/O). Build a Gazetteer once with
 * buildGazetteer() (the world's first-order capitals and Afghanistan's file) and pass it to every extractEvents() call.
 */
export type {
  EventType,
  EventStatus,
  EventLocation,
  Evidence,
  ExtractedEvent,
  ReportInput,
  PlaceEntry,
  PlaceKind,
} from './types';
export { extractEvents, extractWithDebug, eventId, type ExtractOptions, type DebugInfo } from './extract';
export {
  buildGazetteer,
  getDefaultGazetteer,
  getWorldGazetteer,
  validatePlaceEntries,
  countryOfPlace,
  needsContext,
  DEFAULT_PLACES,
  type Gazetteer,
  type GazetteerOptions,
  type PlaceValidation,
} from './gazetteer';
export { loadWorldData, type WorldData, type WorldPlaceEntry } from './world-gazetteer';
export { foldName, nameVariants } from './fold';
export { HISTORICAL_DAYS } from './dates';
