import type { EventStatus, EventType, WatchfireEvent } from '@watchfire/contracts';

/** Places used by tests and the bench (shapes as the gazetteer produces them). */
export const PLACES = {
  islamQala: {
    id: 'af-islam-qala',
    name: 'Islam Qala',
    kind: 'border_crossing',
    province: 'Herat',
    country: 'Afghanistan',
    neighbor: 'Iran',
  },
  sherKhan: {
    id: 'af-sher-khan-bandar',
    name: 'Sher Khan Bandar',
    kind: 'border_crossing',
    province: 'Kunduz',
    country: 'Afghanistan',
    neighbor: 'Tajikistan',
  },
  qalaINaw: {
    id: 'af-badghis-qala-i-naw',
    name: 'Qala-i-Naw',
    kind: 'provincial_capital',
    province: 'Badghis',
    country: 'Afghanistan',
  },
  kandahar: {
    id: 'af-kandahar-kandahar',
    name: 'Kandahar',
    kind: 'provincial_capital',
    province: 'Kandahar',
    country: 'Afghanistan',
  },
} as const satisfies Record<string, WatchfireEvent['location']>;

export interface EventOptions {
  type?: EventType;
  place?: WatchfireEvent['location'];
  status?: EventStatus;
  actor?: string | null;
  reportId?: string;
  source?: string;
  confidence?: number;
  evidence?: string;
  reportText?: string;
  title?: string;
}

let seq = 0;
/** A valid event; defaults: a Taliban claim that Islam Qala changed hands. */
export function makeEvent(o: EventOptions = {}): WatchfireEvent {
  const place = o.place ?? PLACES.islamQala;
  const type =
    o.type ??
    (place.kind === 'border_crossing' ? 'border_crossing_control_change' : 'provincial_capital_attack');
  const reportId = o.reportId ?? `r-${++seq}`;
  const evidence =
    o.evidence ?? `The Taliban claim to have seized ${place.name}, the main border crossing with Iran.`;
  return {
    id: `e-${reportId}-${type}-${place.id}`,
    reportId,
    type,
    location: { ...place },
    ...(o.actor === null ? {} : { actor: o.actor ?? 'Taliban' }),
    status: o.status ?? 'claimed',
    eventDate: '2021-07-08',
    confidence: o.confidence ?? 0.8,
    evidence: [{ text: evidence, start: 0, end: evidence.length }],
    report: { source: o.source ?? 'wire', ...(o.title ? { title: o.title } : {}) },
    ...(o.reportText !== undefined
      ? { reportText: o.reportText }
      : { reportText: `KABUL (Reuters) - ${evidence} Officials could not verify the claim.` }),
  };
}

/** The rule shape from the operator-rules issue. */
export const issueExample = {
  name: 'Iran border crossings',
  description: 'x',
  enabled: true,
  severity: 'high',
  when: {
    all: [
      { field: 'type', in: ['border_crossing_control_change'] },
      { field: 'location.neighbor', in: ['Iran'] },
      {
        any: [
          { field: 'status', in: ['claimed', 'confirmed'] },
          { not: { field: 'actor', eq: 'government forces' } },
        ],
      },
      { field: 'confidence', gte: 0.6 },
      { text: 'evidence', contains: ['border'] },
      { text: 'report', matches: '(?i)seiz(ed|ure)' },
    ],
  },
  threshold: { count: 3, within: '24h', distinct: 'location.id' },
};
