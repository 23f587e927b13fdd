/**
 * Every HTTP endpoint of the three services, with a valid example body where there is one: the
 * fuzzer mutates the examples (so it reaches the validators, not only the JSON parser) besides
 * sending arbitrary bodies. A new endpoint belongs here; the coverage test fails without it.
 */
export type Service = 'ingestion' | 'rules' | 'notifier';

export interface Endpoint {
  service: Service;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:id` is replaced by generated ids. */
  path: string;
  /** Needs the operator token: without it the answer must be 401, whatever the request. */
  operator: boolean;
  /** Valid bodies to mutate. */
  examples?: unknown[];
  /** Query parameters the endpoint knows (the fuzzer also sends unknown ones). */
  query?: string[];
  /** Public links that answer a browser with an HTML page. */
  html?: boolean;
}

const rule = {
  name: 'Fuzzed rule',
  severity: 'high',
  when: {
    all: [
      { field: 'type', in: ['provincial_capital_captured'] },
      { not: { field: 'status', in: ['denied'] } },
      { text: 'evidence', contains: ['captured'] },
    ],
  },
};
const event = {
  id: 'ev-1',
  type: 'provincial_capital_attacked',
  status: 'reported',
  location: {
    id: 'af-kunduz',
    name: 'Kunduz',
    kind: 'provincial_capital',
    province: 'Kunduz',
    country: 'Afghanistan',
  },
  reportId: 'r-1',
  detectedAt: '2021-08-08T10:00:00Z',
  evidence: [{ text: 'Kunduz was attacked', start: 0, end: 19 }],
  confidence: 0.9,
};
const subscription = {
  email: 'fuzz@example.org',
  filter: { countries: ['Afghanistan'], eventTypes: ['provincial_capital_captured'] },
  delivery: 'immediate',
};
const report = {
  source: 'fuzz',
  body: 'Taliban fighters captured Kunduz on Sunday, officials said.',
  publishedAt: '2021-08-08T10:00:00Z',
};

export const ENDPOINTS: Endpoint[] = [
  {
    service: 'ingestion',
    method: 'POST',
    path: '/reports',
    operator: false,
    examples: [report],
    query: ['source'],
  },
  {
    service: 'ingestion',
    method: 'POST',
    path: '/reports/batch',
    operator: false,
    examples: [[report, report]],
  },
  { service: 'ingestion', method: 'GET', path: '/feeds', operator: true },
  {
    service: 'ingestion',
    method: 'POST',
    path: '/feeds',
    operator: true,
    examples: [{ url: 'https://feeds.example.org/rss', intervalSeconds: 600, source: 'fuzz' }],
  },
  { service: 'ingestion', method: 'GET', path: '/feeds/:id', operator: true },
  { service: 'ingestion', method: 'DELETE', path: '/feeds/:id', operator: true },
  { service: 'ingestion', method: 'POST', path: '/feeds/:id/poll', operator: true },
  { service: 'rules', method: 'GET', path: '/rules', operator: true },
  { service: 'rules', method: 'POST', path: '/rules', operator: true, examples: [rule] },
  { service: 'rules', method: 'GET', path: '/rules/:id', operator: true },
  {
    service: 'rules',
    method: 'PUT',
    path: '/rules/:id',
    operator: true,
    examples: [{ ...rule, version: 1 }],
  },
  { service: 'rules', method: 'DELETE', path: '/rules/:id', operator: true },
  { service: 'rules', method: 'GET', path: '/rules/:id/history', operator: true },
  {
    service: 'rules',
    method: 'POST',
    path: '/rules/test',
    operator: true,
    examples: [
      { text: report.body, publishedAt: '2021-08-08' },
      { events: [event], rule, explain: 'all' },
    ],
  },
  { service: 'rules', method: 'GET', path: '/silences', operator: true, query: ['state'] },
  {
    service: 'rules',
    method: 'POST',
    path: '/silences',
    operator: true,
    examples: [
      {
        matchers: [{ field: 'location.name', value: 'Kunduz' }],
        endsAt: '2030-01-01T00:00:00Z',
        comment: 'fuzz',
      },
    ],
  },
  { service: 'rules', method: 'GET', path: '/silences/:id', operator: true },
  { service: 'rules', method: 'DELETE', path: '/silences/:id', operator: true },
  { service: 'notifier', method: 'GET', path: '/subscriptions', operator: true, query: ['email', 'status'] },
  { service: 'notifier', method: 'POST', path: '/subscriptions', operator: true, examples: [subscription] },
  { service: 'notifier', method: 'GET', path: '/subscriptions/:id', operator: true },
  {
    service: 'notifier',
    method: 'PUT',
    path: '/subscriptions/:id',
    operator: true,
    examples: [subscription],
  },
  { service: 'notifier', method: 'DELETE', path: '/subscriptions/:id', operator: true },
  {
    service: 'notifier',
    method: 'GET',
    path: '/deliveries',
    operator: true,
    query: ['alertId', 'email', 'status', 'limit'],
  },
  {
    service: 'notifier',
    method: 'POST',
    path: '/deliveries/retry',
    operator: true,
    examples: [{ email: 'fuzz@example.org' }, { all: true, limit: 10 }],
  },
  { service: 'notifier', method: 'POST', path: '/deliveries/:id/retry', operator: true },
  { service: 'notifier', method: 'POST', path: '/subscribe', operator: false, examples: [subscription] },
  { service: 'notifier', method: 'GET', path: '/confirm', operator: false, query: ['token'], html: true },
  { service: 'notifier', method: 'GET', path: '/unsubscribe', operator: false, query: ['token'], html: true },
  {
    service: 'notifier',
    method: 'POST',
    path: '/unsubscribe',
    operator: false,
    query: ['token'],
    html: true,
    examples: [{ token: 'x.y' }],
  },
  { service: 'notifier', method: 'GET', path: '/outbox', operator: false },
  {
    service: 'notifier',
    method: 'GET',
    path: '/alerts',
    operator: true,
    query: [
      'type',
      'status',
      'severity',
      'minSeverity',
      'place',
      'country',
      'since',
      'until',
      'limit',
      'cursor',
    ],
  },
  { service: 'notifier', method: 'GET', path: '/alerts/stream', operator: true },
  { service: 'notifier', method: 'GET', path: '/alerts/:id', operator: true },
  { service: 'notifier', method: 'GET', path: '/subscribe', operator: false, html: true },
  { service: 'notifier', method: 'GET', path: '/manage', operator: false, html: true },
  { service: 'notifier', method: 'GET', path: '/pages/:file', operator: false },
  { service: 'notifier', method: 'GET', path: '/manage/subscription', operator: false },
  {
    service: 'notifier',
    method: 'PUT',
    path: '/manage/subscription',
    operator: false,
    examples: [{ filter: { countries: ['Afghanistan'], minStatus: 'reported' }, delivery: 'daily' }],
  },
  { service: 'notifier', method: 'POST', path: '/manage/pause', operator: false },
  { service: 'notifier', method: 'POST', path: '/manage/resume', operator: false },
  { service: 'notifier', method: 'POST', path: '/manage/unsubscribe', operator: false },
  ...(['ingestion', 'rules', 'notifier'] as const).flatMap((service) => [
    { service, method: 'GET' as const, path: '/health', operator: false },
    { service, method: 'GET' as const, path: '/metrics', operator: false },
  ]),
];
