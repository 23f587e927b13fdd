/**
 * The "weekend keyword matcher" the issue describes, kept as a yardstick: a place name and an
 * event verb in the same sentence make an event. One regular expression per place name, tried
 * on every sentence (so its cost grows with the gazetteer). Never used in production.
 */
import type { EventStatus, EventType, ExtractedEvent, PlaceEntry, ReportInput } from '../src/types';
import { eventId } from '../src/extract';

const CAPTURE =
  /\b(captur\w*|seiz\w*|took|taken?|fell|fallen|overr[au]n\w*|control\w*|surrender\w*|retook|retaken|recaptur\w*|handed over)\b/i;
const ATTACK = /\b(attack\w*|assault\w*|storm\w*|fight\w*|clash\w*|battle\w*|offensive)\b/i;

export interface BaselineMatcher {
  places: { place: PlaceEntry; names: string[]; res: RegExp[] }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function buildBaseline(places: PlaceEntry[]): BaselineMatcher {
  return {
    places: places.map((place) => ({
      place,
      names: [place.name, ...(place.aliases ?? [])].map((n) => n.toLowerCase()),
      res: [place.name, ...(place.aliases ?? [])].map((n) => new RegExp(`\\b${escape(n)}\\b`, 'i')),
    })),
  };
}

export function baselineExtract(report: ReportInput, m: BaselineMatcher): ExtractedEvent[] {
  let text = report.text;
  let offset = 0;
  let ref = report.publishedAt?.slice(0, 10);
  const dl = /^date\s+(\d{4}-\d{2}-\d{2})\s*\n/i.exec(text);
  if (dl) {
    ref = dl[1];
    offset = dl[0].length;
    text = text.slice(offset);
  }
  const out = new Map<string, ExtractedEvent>();
  const re = /[^.!?\n]+[.!?]*/g;
  let s: RegExpExecArray | null;
  while ((s = re.exec(text))) {
    const sent = s[0];
    const cap = CAPTURE.test(sent);
    const att = ATTACK.test(sent);
    if (!cap && !att) continue;
    // A substring test first: the same answers as the regexes alone, fast enough for a world
    // gazetteer of thousands of places (the eval prints the baseline beside every set).
    const lower = sent.toLowerCase();
    for (const { place, names, res } of m.places) {
      if (!names.some((n) => lower.includes(n)) || !res.some((r) => r.test(sent))) continue;
      let type: EventType | undefined;
      if (place.kind === 'border_crossing') type = cap ? 'border_crossing_control_change' : undefined;
      else type = cap ? 'provincial_capital_captured' : 'provincial_capital_attack';
      if (!type) continue;
      const key = `${type}|${place.id}`;
      if (out.has(key)) continue;
      const status: EventStatus = /claim/i.test(sent)
        ? 'claimed'
        : /confirm/i.test(sent)
          ? 'confirmed'
          : /den(y|ied)/i.test(sent)
            ? 'denied'
            : 'reported';
      const actor = /taliban|insurgent|militant|rebel/i.test(sent)
        ? 'Taliban'
        : /government|forces|army|troops/i.test(sent)
          ? 'government forces'
          : undefined;
      const start = offset + s.index;
      out.set(key, {
        id: eventId(report.id, type, place.id),
        reportId: report.id,
        type,
        location: {
          id: place.id,
          name: place.name,
          kind: place.kind,
          province: place.province,
          country: place.country,
          ...(place.neighbor ? { neighbor: place.neighbor } : {}),
        },
        ...(actor ? { actor } : {}),
        status,
        ...(ref ? { eventDate: ref } : {}),
        confidence: 0.5,
        evidence: [{ text: sent, start, end: start + sent.length }],
      });
    }
  }
  return [...out.values()];
}
