import { AlertSchema, type Alert } from '@watchfire/contracts';

/** A valid alert modelled on the reference article (Qala-i-Naw attacked, 7 July 2021). For tests and benches. */
export function sampleAlert(over: Partial<Alert> = {}): Alert {
  const base: Alert = {
    id: 'al-qala-i-naw-2021-07-07',
    revision: 1,
    kind: 'new',
    changes: [],
    type: 'provincial_capital_attack',
    location: {
      id: 'af-badghis-qala-i-naw',
      name: 'Qala-i-Naw',
      kind: 'provincial_capital',
      province: 'Badghis',
      country: 'Afghanistan',
    },
    status: 'reported',
    actor: 'Taliban',
    eventDate: '2021-07-07',
    severity: 'high',
    rules: [{ id: 'capital-attacks', name: 'Provincial capitals attacked', severity: 'high' }],
    event: {
      id: 'ev-1',
      reportId: 'rep-2021-07-09-1',
      type: 'provincial_capital_attack',
      location: {
        id: 'af-badghis-qala-i-naw',
        name: 'Qala-i-Naw',
        kind: 'provincial_capital',
        province: 'Badghis',
        country: 'Afghanistan',
      },
      actor: 'Taliban',
      status: 'reported',
      eventDate: '2021-07-07',
      confidence: 0.9,
      evidence: [
        {
          text: 'On Wednesday, the Taliban attacked Qala-i-Naw, the capital of Badghis province.',
          start: 812,
          end: 893,
        },
      ],
      report: {
        source: 'Example Wire',
        title: 'Taliban claim Islam Qala crossing',
        url: 'https://news.example.org/2021/07/09/taliban',
        publishedAt: '2021-07-09T10:15:00Z',
      },
    },
    corroboration: {
      count: 1,
      sources: [
        {
          reportId: 'rep-2021-07-09-1',
          source: 'Example Wire',
          title: 'Taliban claim Islam Qala crossing',
          url: 'https://news.example.org/2021/07/09/taliban',
          publishedAt: '2021-07-09T10:15:00Z',
          status: 'reported',
        },
      ],
    },
    firstSeenAt: '2021-07-09T10:15:00Z',
    lastSeenAt: '2021-07-09T10:15:00Z',
    createdAt: '2021-07-09T10:15:02Z',
    silenced: false,
  };
  return AlertSchema.parse({ ...base, ...over });
}
