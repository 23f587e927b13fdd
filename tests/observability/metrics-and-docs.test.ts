import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, type Family } from '../../libs/common/src/testing/prom-text';
import { auth, http, startSystem, waitFor, type RunningSystem } from '../support/system';

const root = path.join(__dirname, '..', '..');
const article = readFileSync(path.join(root, 'examples', 'reference-article.txt'), 'utf8');

async function scrape(url: string): Promise<Map<string, Family>> {
  const r = await fetch(`${url}/metrics`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  const { families, problems } = parseExposition(await r.text());
  expect(problems).toEqual([]);
  return families;
}

const count = (f: Family | undefined, labels: Record<string, string> = {}) =>
  f?.samples
    .filter(
      (s) => s.name === `${f.name}_count` && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )
    .reduce((a, s) => a + s.value, 0) ?? 0;

const total = (f: Family | undefined, labels: Record<string, string> = {}) =>
  f?.samples
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0) ?? 0;

describe('metrics, OpenAPI and /docs on the running services', () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
    for (const url of Object.values(sys.urls))
      await waitFor(
        `${url}/health`,
        async () => (await http('GET', `${url}/health`)).status === 200 || undefined,
      );
  }, 90_000);
  afterAll(async () => {
    await sys?.stop();
  });

  it('every service exposes valid Prometheus text with process and Node.js metrics', async () => {
    for (const url of Object.values(sys.urls)) {
      const families = await scrape(url);
      for (const name of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
      ])
        expect(families.has(name), `${url} ${name}`).toBe(true);
    }
  });

  it('times the pipeline from report to mail, and HTTP requests by route template and status', async () => {
    expect(
      (await http('POST', `${sys.urls.notifier}/subscriptions`, { email: 'ops@example.org' }, auth)).status,
    ).toBe(201);
    expect((await http('POST', `${sys.urls.ingestion}/reports?source=wire`, article)).status).toBe(202);
    await waitFor('three mails', () => sys.mail.messages.length >= 3 || undefined, 30_000);
    // Two unknown rule ids: one route template, not two paths.
    await http('GET', `${sys.urls.rules}/rules/no-such-rule-1`, undefined, auth);
    await http('GET', `${sys.urls.rules}/rules/no-such-rule-2`, undefined, auth);

    const rules = await scrape(sys.urls.rules);
    expect(count(rules.get('watchfire_report_to_event_seconds'))).toBeGreaterThanOrEqual(1);
    expect(count(rules.get('watchfire_event_to_alert_seconds'))).toBeGreaterThanOrEqual(3);
    expect(count(rules.get('watchfire_report_to_alert_seconds'))).toBeGreaterThanOrEqual(3);
    const httpRules = rules.get('watchfire_http_request_duration_seconds');
    expect(count(httpRules, { method: 'GET', route: '/rules/:id', status: '404' })).toBe(2);
    expect(httpRules!.samples.some((s) => /no-such-rule/.test(JSON.stringify(s.labels)))).toBe(false);
    const lag = rules.get('watchfire_kafka_consumer_lag');
    expect(
      lag?.samples.some(
        (s) => s.labels.group === 'watchfire-rules' && s.labels.topic === 'watchfire.reports.v1',
      ),
    ).toBe(true);

    const notifier = await waitFor('the mail histograms', async () => {
      const f = await scrape(sys.urls.notifier);
      return count(f.get('watchfire_report_to_mail_seconds')) >= 3 ? f : undefined;
    });
    expect(count(notifier.get('watchfire_alert_to_mail_seconds'))).toBeGreaterThanOrEqual(3);
    // End to end on one machine: well under a minute, and never negative.
    const e2e = notifier.get('watchfire_report_to_mail_seconds')!;
    const sum = e2e.samples.find((s) => s.name.endsWith('_sum'))!.value;
    expect(sum).toBeGreaterThan(0);
    expect(sum / count(e2e)).toBeLessThan(60);

    const ingestion = await scrape(sys.urls.ingestion);
    expect(
      count(ingestion.get('watchfire_http_request_duration_seconds'), { route: '/reports', status: '202' }),
    ).toBe(1);
  }, 60_000);

  it('counts rejected reports by reason, including items refused inside a batch', async () => {
    const before = await scrape(sys.urls.ingestion);
    const rejected = (f: Map<string, Family>, reason: string) =>
      total(f.get('watchfire_reports_rejected_total'), { reason });
    await http('POST', `${sys.urls.ingestion}/reports`, { source: 'wire' }); // no body
    await http('POST', `${sys.urls.ingestion}/reports`, 'x', { 'Content-Type': 'image/png' });
    await http('POST', `${sys.urls.ingestion}/reports/batch`, [
      { source: 'wire', body: 'Fighting was reported near a border crossing on Monday.' },
      { source: 'wire' },
      { body: 'no source' },
    ]);
    const after = await scrape(sys.urls.ingestion);
    expect(rejected(after, 'validation_failed') - rejected(before, 'validation_failed')).toBe(3);
    expect(rejected(after, 'unsupported_media_type') - rejected(before, 'unsupported_media_type')).toBe(1);
  });

  it('serves its OpenAPI document (the one in docs/openapi) and a local /docs page', async () => {
    for (const [service, url] of Object.entries(sys.urls)) {
      const doc = await http('GET', `${url}/openapi.json`);
      expect(doc.status).toBe(200);
      const file = JSON.parse(
        readFileSync(path.join(root, 'docs', 'openapi', `${service}.json`), 'utf8'),
      ) as unknown;
      expect(doc.body).toEqual(file);
      const page = await fetch(`${url}/docs`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
      expect(html).not.toMatch(/https?:\/\//); // no CDN: every asset from this service
      for (const asset of [
        '/docs/assets/swagger-ui-bundle.js',
        '/docs/assets/swagger-ui.css',
        '/docs/init.js',
      ]) {
        const a = await fetch(`${url}${asset}`);
        expect(a.status, asset).toBe(200);
        expect((await a.arrayBuffer()).byteLength, asset).toBeGreaterThan(20);
      }
    }
  });
});
