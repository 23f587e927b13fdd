import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, SubscriptionRecord } from '@watchfire/contracts';
import { sampleAlert } from '@watchfire/notify/testing';
import { startConsole, type RunningConsole } from '../../apps/console/src/server';
import { TestKafka } from '../notifier/helpers';
import { auth, http, startSystem, TEST_TOKEN, waitFor, type RunningSystem } from '../support/system';
import { launchBrowser, newPage, waitForText, type PageGlobals } from './browser';

/**
 * The console and the subscriber pages in a real browser (Chromium from @sparticuz/chromium,
 * driven by puppeteer-core) against the whole system on the embedded broker. Steps share one
 * system and build on each other, in the order a new operator would go.
 */
const root = path.join(__dirname, '..', '..');
const article = readFileSync(path.join(root, 'examples', 'reference-article.txt'), 'utf8');
const SUBSCRIBER = 'reader@example.org';

let sys: RunningSystem;
let cons: RunningConsole;
let browser: Browser;
let page: Page;
const errors: string[] = [];
/** Every URL the browser asked any server for: the token must never be in one. */
const requested: string[] = [];

type Win = PageGlobals & { __noReload?: number; __pwned?: number; location: { hash: string } };
/** Runs fn in the page with its global object (the project compiles without lib.dom). */
const inPage = <T>(fn: (w: Win) => T, on: Page = page) =>
  on.evaluate(`(${fn.toString()})(globalThis)`) as Promise<T>;
/** What a server could see of a URL: the fragment is never sent. */
const sent = (u: string) => u.split('#')[0];

/** The text of the newest mail to `to` whose subject matches, once it has arrived. */
async function mailText(to: string, subject: RegExp): Promise<string> {
  return waitFor(`a mail to ${to} matching ${subject}`, async () => {
    for (const m of [...sys.mail.messages].reverse()) {
      if (!m.to.includes(to)) continue;
      const parsed = await simpleParser(m.raw);
      if (subject.test(parsed.subject ?? '')) return parsed.text ?? '';
    }
    return undefined;
  });
}
async function subscriptionsOf(email: string): Promise<SubscriptionRecord[]> {
  const r = await http('GET', `${sys.urls.notifier}/subscriptions?email=${email}`, undefined, auth);
  return (r.body as { subscriptions: SubscriptionRecord[] }).subscriptions;
}

/** PUBLIC_BASE_URL is not known before the notifier picks its port: keep the link's path. */
const onNotifier = (link: string) => {
  const u = new URL(link);
  return `${sys.urls.notifier}${u.pathname}${u.search}${u.hash}`;
};

beforeAll(async () => {
  sys = await startSystem();
  cons = await startConsole({
    port: 0,
    host: '127.0.0.1',
    services: sys.urls,
    publicBaseUrl: sys.urls.notifier,
  });
  browser = await launchBrowser();
  page = await newPage(browser, errors);
  page.on('request', (r: HTTPRequest) => requested.push(r.url()));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cons?.close();
  await sys?.stop();
});

describe('web console in a real browser', () => {
  it('signs in with the fragment link, which leaves the address bar and never reaches a server', async () => {
    await page.goto(`${cons.url}/#token=${TEST_TOKEN}`);
    await page.waitForSelector('#nav:not([hidden])');
    await waitForText(page, '#live', 'live');
    expect(await inPage((w) => w.location.hash)).toBe('#/alerts');
    await inPage((w) => (w.__noReload = 1));
    // The fragment is not part of a request; every API call carried the token in a header.
    expect(requested.some((u) => sent(u).includes(TEST_TOKEN))).toBe(false);
  }, 60_000);

  it('a subscriber signs up on the public page and confirms from the e-mail', async () => {
    const sub = await browser.newPage();
    await sub.goto(`${sys.urls.notifier}/subscribe`);
    await sub.type('#email', SUBSCRIBER);
    await sub.type('#countries', 'Afghanistan');
    await sub.click('button[type=submit]');
    await waitForText(sub, '#result', 'confirmation link was sent');
    const text = await mailText(SUBSCRIBER, /confirm/i);
    const confirm = /https?:\/\/\S+\/confirm\?token=\S+/.exec(text)![0];
    await sub.goto(onNotifier(confirm));
    await waitForText(sub, 'body', 'Subscription confirmed');
    await sub.close();
    expect((await subscriptionsOf(SUBSCRIBER))[0]).toMatchObject({
      status: 'active',
      filter: { countries: ['Afghanistan'] },
    });
  }, 60_000);

  it('shows the reference article’s alerts as they happen, each with its status', async () => {
    const posted = await http('POST', `${sys.urls.ingestion}/reports?source=wire`, article);
    expect(posted.status).toBe(202);
    await waitForText(page, 'tr.alert-row', 'Qala-i-Naw');
    await waitForText(page, 'tr.alert-row', 'Islam Qala');
    const rows = await inPage((w) =>
      [
        ...(
          w as unknown as {
            document: {
              querySelectorAll(s: string): Iterable<{ textContent: string; dataset: { status: string } }>;
            };
          }
        ).document.querySelectorAll('tr.alert-row'),
      ].map((tr) => ({ text: tr.textContent, status: tr.dataset.status })),
    );
    expect(rows.find((r) => r.text.includes('Islam Qala'))?.status).toBe('claimed');
    expect(rows.find((r) => r.text.includes('Qala-i-Naw'))?.status).toBe('reported');
    expect(await inPage((w) => w.__noReload)).toBe(1); // live, not reloaded
  }, 60_000);

  it('opens an alert: the evidence with the place highlighted, the sources, the locator marker', async () => {
    const link = await page.waitForSelector('tr.alert-row ::-p-text(Qala-i-Naw)');
    const row = await link!.evaluateHandle((el) =>
      (el as unknown as { closest(s: string): unknown }).closest('tr'),
    );
    await (await (row as unknown as { $(s: string): Promise<{ click(): Promise<void> } | null> }).$(
      'a',
    ))!.click();
    await page.waitForSelector('.alert-page');
    await waitForText(page, '.timeline mark', 'Qala-i-Naw');
    await waitForText(page, '.timeline blockquote', 'Badghis');
    await page.waitForSelector('.locator circle.marker');
    await waitForText(page, '.sources', 'wire');
  }, 60_000);

  it('puts the alerts on the map; a marker opens its alert', async () => {
    await page.goto(`${cons.url}/#/map`);
    // .map-frame: the alert page just left has a (locator) map too.
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('.map-frame svg.world .markers a.marker-link').length >= 3,
      { polling: 100 },
    );
    await page.click('.map-frame svg.world .markers a.marker-link');
    await page.waitForSelector('.alert-page');
  }, 60_000);

  it('renders text from reports as text: <script> in evidence does not run', async () => {
    const kafka = new TestKafka(sys.broker.brokers);
    const hostile =
      '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> attacked Qala-i-Naw';
    const base = sampleAlert();
    await kafka.publishAlerts([
      sampleAlert({
        id: 'al-hostile',
        createdAt: new Date().toISOString(),
        actor: '<b>bold</b>',
        event: { ...base.event, evidence: [{ text: hostile, start: 0, end: hostile.length }] },
      }),
    ]);
    await kafka.close();
    await page.goto(`${cons.url}/#/alerts/al-hostile`);
    await waitForText(page, '.timeline blockquote', '<script>window.__pwned=1</script>');
    expect(await page.$$eval('main script, main img, main b', (n) => n.length)).toBe(0);
    expect(await inPage((w) => w.__pwned)).toBeUndefined();
  }, 60_000);

  it('creates a rule, shows field errors at their path, edits it with If-Match and dry-runs a text', async () => {
    await page.goto(`${cons.url}/#/rules/new`);
    // The editor is re-created with each page (new rule -> saved rule): look it up every time.
    const setRule = async (rule: unknown) => {
      const editor = await page.waitForSelector('#rule-json');
      await editor!.evaluate(
        (el, v) => ((el as unknown as { value: string }).value = v),
        JSON.stringify(rule, null, 2),
      );
    };
    await setRule({
      name: 'Console: Badghis',
      severity: 'high',
      when: {
        all: [
          { field: 'location.province', eq: 'Badghis' },
          { text: 'evidence', matches: '[unclosed' },
        ],
      },
    });
    await page.click('#save-rule');
    await waitForText(page, '.field-errors code', 'when.all.1.matches');
    // The error names its line in the (re-indented) editor and selects it on click.
    await page.click('.field-errors button ::-p-text(line 12)');
    const selected = await inPage((w) => {
      const t = (
        w as unknown as {
          document: { activeElement: { value: string; selectionStart: number; selectionEnd: number } };
        }
      ).document.activeElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    expect(selected).toContain('"matches": "[unclosed"');
    await setRule({
      name: 'Console: Badghis',
      severity: 'high',
      when: { field: 'location.province', eq: 'Badghis' },
    });
    await page.click('#save-rule');
    await page.waitForFunction(() => /^#\/rules\/rule-/.test((globalThis as unknown as Win).location.hash));
    await waitForText(page, '.history', 'v1 created');

    await setRule({
      name: 'Console: Badghis',
      severity: 'critical',
      when: { field: 'location.province', eq: 'Badghis' },
    });
    await page.click('#save-rule');
    await waitForText(page, '.history', 'v2 updated');
    await waitForText(page, '.history .diff', 'severity: "high" -> "critical"');

    await page.type('#dry-text', article.slice(0, 4_000));
    await page.click('#dry-run');
    await waitForText(page, '.dry-event mark', 'Qala-i-Naw');
    await waitForText(page, '.verdicts .fires', 'Console: Badghis');
    await waitForText(page, '.verdicts .fires .because', 'location.province');
  }, 90_000);

  it('silences a place from its alert, lists the silence and expires it', async () => {
    const alerts = await http('GET', `${sys.urls.notifier}/alerts?place=Qala-i-Naw`, undefined, auth);
    const id = (alerts.body as { alerts: Alert[] }).alerts.find((a) => a.id !== 'al-hostile')!.id;
    await page.goto(`${cons.url}/#/alerts/${id}`);
    const button = await page.waitForSelector('button ::-p-text(Silence Qala-i-Naw for 24 h)');
    await button!.click();
    await waitForText(page, '.notice.ok', 'is silenced until');
    await page.goto(`${cons.url}/#/silences?state=active`);
    await waitForText(page, 'table.silences', 'location.id = af-badghis-qala-i-naw');
    await page.click('table.silences button');
    await waitForText(page, 'main', 'No active silences.');
    const expired = await http('GET', `${sys.urls.rules}/silences?state=active`, undefined, auth);
    expect((expired.body as { silences: unknown[] }).silences).toHaveLength(0);
  }, 60_000);

  it('the subscriber changes a filter and pauses from the manage link in an alert e-mail', async () => {
    const text = await mailText(SUBSCRIBER, /Qala-i-Naw|Islam Qala|Sher Khan/);
    const link = /https?:\/\/\S+\/manage#token=\S+/.exec(text)![0];
    const sub = await browser.newPage();
    const seen: string[] = [];
    sub.on('request', (r: HTTPRequest) => seen.push(r.url()));
    await sub.goto(onNotifier(link));
    await waitForText(sub, '#who', SUBSCRIBER);
    expect(await inPage((w) => w.location.hash, sub)).toBe('');
    await sub.select('#minStatus', 'confirmed');
    await sub.click('button[type=submit]');
    await waitForText(sub, '#result', 'Saved');
    await sub.click('#pause');
    await waitForText(sub, '#who', 'paused');
    await sub.close();
    const token = decodeURIComponent(link.split('#token=')[1]);
    expect(seen.some((u) => sent(u).includes(token) || sent(u).includes(encodeURIComponent(token)))).toBe(
      false,
    );
    expect((await subscriptionsOf(SUBSCRIBER))[0]).toMatchObject({
      status: 'paused',
      filter: { minStatus: 'confirmed' },
    });
  }, 60_000);

  it('is readable at 390 px and usable from the keyboard', async () => {
    await page.setViewport({ width: 390, height: 844 });
    await page.goto(`${cons.url}/#/alerts`);
    await page.waitForSelector('tr.alert-row');
    const overflow = await inPage(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(overflow).toBeLessThanOrEqual(390);
    // Tab from the top until an alert link has the focus, then open it with Enter.
    let focused = '';
    for (let i = 0; i < 40 && !focused.startsWith('#/alerts/'); i++) {
      await page.keyboard.press('Tab');
      focused = await inPage(
        () =>
          (
            globalThis as unknown as {
              document: { activeElement: { getAttribute(n: string): string | null } | null };
            }
          ).document.activeElement?.getAttribute('href') ?? '',
      );
    }
    expect(focused).toMatch(/^#\/alerts\/./);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.alert-page');
    await page.setViewport({ width: 1440, height: 900 });
    expect(errors).toEqual([]);
    expect(requested.some((u) => sent(u).includes(TEST_TOKEN))).toBe(false);
  }, 60_000);
});
