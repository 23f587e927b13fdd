import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * The browser of the console tests comes with `npm ci`: @sparticuz/chromium ships a Chromium
 * build inside its package (unpacked to /tmp on first use, ~1.5 s), driven by puppeteer-core.
 * Nothing is downloaded and no system browser is needed.
 */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
    defaultViewport: { width: 1440, height: 900 },
  });
}

/** A page that fails the test on any script error or console error the page reports. */
export async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${(e as Error).message}`));
  page.on('console', (m) => {
    // A 4xx the page asked for (a validation error it shows) is logged by Chrome as an error too.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(30_000);
  return page;
}

/** The little of the DOM the functions run in the page use (the project compiles without lib.dom). */
export interface PageGlobals {
  document: {
    querySelectorAll(
      sel: string,
    ): ArrayLike<{ textContent: string | null }> & Iterable<{ textContent: string | null }>;
  };
}

/** Waits until the page shows `text` inside `selector` (polling in the page, no sleeps). */
export async function waitForText(
  page: Page,
  selector: string,
  text: string,
  timeout = 30_000,
): Promise<void> {
  await page.waitForFunction(
    (sel, t) =>
      [...(globalThis as unknown as PageGlobals).document.querySelectorAll(sel)].some((e) =>
        (e.textContent ?? '').includes(t),
      ),
    { timeout, polling: 100 },
    selector,
    text,
  );
}
