// `npm run screenshots`: the console's main pages, as a new operator sees them after posting the
// reference article, written to docs/screenshots/*.png (shown in the README). Runs the whole
// system on the embedded broker and the browser that comes with npm ci (@sparticuz/chromium).
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Alert } from '@watchfire/contracts';
import { startConsole } from '../apps/console/src/server';
import { launchBrowser, newPage, waitForText } from '../tests/console/browser';
import { auth, http, startSystem, TEST_TOKEN, waitFor } from '../tests/support/system';

const root = path.join(__dirname, '..');
const out = path.join(root, 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const sys = await startSystem({ env: { LOG_LEVEL: 'error' } });
  const cons = await startConsole({
    port: 0,
    host: '127.0.0.1',
    services: sys.urls,
    publicBaseUrl: sys.urls.notifier,
  });
  const browser = await launchBrowser();
  const errors: string[] = [];
  try {
    const page = await newPage(browser, errors);
    const shot = async (name: string, fullPage = false) => {
      await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
      process.stdout.write(`  docs/screenshots/${name}.png\n`);
    };

    await page.goto(`${sys.urls.notifier}/subscribe`);
    await page.type('#email', 'analyst@example.org');
    await page.type('#countries', 'Afghanistan');
    await shot('subscribe');
    await page.click('button[type=submit]');
    await waitForText(page, '#result', 'confirmation link');
    const confirm = await waitFor('the confirmation mail', async () => {
      const m = sys.mail.messages.find((x) => x.to.includes('analyst@example.org'));
      return m && /\/confirm\?token=\S+/.exec((await simpleParser(m.raw)).text ?? '')?.[0];
    });
    await http('GET', `${sys.urls.notifier}${confirm}`, undefined, { Accept: 'application/json' });

    await page.goto(`${cons.url}/#token=${TEST_TOKEN}`);
    await waitForText(page, '#live', 'live');
    const article = readFileSync(path.join(root, 'examples', 'reference-article.txt'), 'utf8');
    await http('POST', `${sys.urls.ingestion}/reports?source=wire`, article);
    await waitFor('three alerts', async () => (await page.$$('tr.alert-row')).length >= 3 || undefined);
    await shot('alerts');

    await page.click('tr.alert-row a');
    await page.waitForSelector('.locator svg');
    await shot('alert', true);

    await page.goto(`${cons.url}/#/map`);
    await page.waitForSelector('svg.world .markers circle');
    await shot('map');

    await page.goto(`${cons.url}/#/rules/new`);
    await page.waitForSelector('#dry-text');
    await page.type('#dry-text', article.slice(0, 2_500));
    await page.click('#dry-run');
    await page.waitForSelector('.dry-event');
    await shot('rules', true);

    const alerts = await http('GET', `${sys.urls.notifier}/alerts`, undefined, auth);
    const first = (alerts.body as { alerts: Alert[] }).alerts[0];
    await http(
      'POST',
      `${sys.urls.rules}/silences`,
      {
        matchers: [{ field: 'location.id', eq: first.location.id }],
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        comment: `Quiet ${first.location.name} while we verify`,
      },
      auth,
    );
    await page.goto(`${cons.url}/#/silences?state=active`);
    await page.waitForSelector('table.silences');
    await shot('silences');

    await waitFor('deliveries', async () => {
      const d = await http('GET', `${sys.urls.notifier}/deliveries`, undefined, auth);
      return (d.body as { deliveries: unknown[] }).deliveries.length > 0 || undefined;
    });
    await page.goto(`${cons.url}/#/deliveries`);
    await page.waitForSelector('table.deliveries');
    await shot('deliveries');

    const mail = await waitFor('an alert mail', async () => {
      for (const m of sys.mail.messages) {
        const text = (await simpleParser(m.raw)).text ?? '';
        const link = /\/manage#token=\S+/.exec(text)?.[0];
        if (link) return link;
      }
      return undefined;
    });
    await page.goto(`${sys.urls.notifier}${mail}`);
    await waitForText(page, '#who', 'analyst@example.org');
    await shot('manage');

    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2 });
    await page.goto(`${cons.url}/#/alerts`);
    await page.waitForSelector('tr.alert-row');
    await shot('alerts-390px');
    if (errors.length) throw new Error(`the pages reported errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await cons.close();
    await sys.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`screenshots: ${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
