import { buildGazetteer, extractEvents, type ExtractedEvent } from '..';

export const gaz = buildGazetteer();

/** Extract with the default gazetteer and a fixed reference date. */
export function ex(text: string, publishedAt = '2021-08-10', id = 'r'): ExtractedEvent[] {
  return extractEvents({ id, text, publishedAt }, { gazetteer: gaz });
}

/** Compact view: "type@location" list. */
export function keys(events: ExtractedEvent[]): string[] {
  const short = {
    provincial_capital_captured: 'captured',
    provincial_capital_attack: 'attack',
    border_crossing_control_change: 'border',
  } as const;
  return events.map((e) => `${short[e.type]}@${e.location.id}`).sort();
}

export function one(text: string, publishedAt?: string): ExtractedEvent {
  const evs = ex(text, publishedAt);
  if (evs.length !== 1) throw new Error(`expected one event, got ${JSON.stringify(keys(evs))} for: ${text}`);
  return evs[0];
}
