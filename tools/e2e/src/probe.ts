import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { APP_URL, BACKEND_URL, startPortal, type PortalOptions } from './portal';

/**
 * Browser helpers shared by the end-to-end tests and the benchmark (tools/bench
 * P5): Debian's Chromium through playwright-core, the demo guest's sign-in, and
 * what a page load costs (time to its data, to its first row, its height, and
 * the API calls it made with their sizes).
 */
export const CHROMIUM = process.env.PLATTER_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1400, height: 1000 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The portal on a demo repository of its own, and a Chromium page on it: what an e2e file opens before its tests. */
export interface PortalSession {
  /** The demo directory (`<demo>/fleet.git` is the GitOps remote). */
  readonly demo: string;
  readonly page: Page;
  /** Closes the browser, stops the portal and removes the demo directory. */
  close(): Promise<void>;
}

export async function openPortal(
  name: string,
  options: PortalOptions = {},
  log: (line: string) => void = () => {},
): Promise<PortalSession> {
  const demo = mkdtempSync(join(tmpdir(), `platter-e2e-${name}-`));
  let portal: { stop: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(demo, { recursive: true, force: true });
  };
  try {
    portal = await startPortal(demo, log, options);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(60_000);
    return { demo, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs in as the demo guest; the first request waits for the dev server's cold build. */
export async function signIn(page: Page): Promise<void> {
  await page.goto(APP_URL, { waitUntil: 'networkidle' });
  const enter = page.getByRole('button', { name: /enter/i }).first();
  await enter.waitFor({ timeout: 600_000 });
  await enter.click();
  await page.getByText('Platter menu').first().waitFor({ timeout: 120_000 });
}

/** The tallest scrolling box of the page (the document or Backstage's content area), in CSS px. */
export function pageHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    let h = document.scrollingElement?.scrollHeight ?? 0;
    for (const el of Array.from(document.querySelectorAll('main, main *'))) {
      if (/(auto|scroll)/.test(getComputedStyle(el).overflowY)) h = Math.max(h, el.scrollHeight);
    }
    return h;
  });
}

/** An API call the browser made, with the size of its answer. */
export interface ApiCall {
  readonly path: string;
  readonly bytes: number;
}

/** Records the browser's calls to the backend (`/api/...`) until `stop()`. */
export function recordApiCalls(page: Page): { calls: ApiCall[]; stop: () => Promise<void> } {
  const calls: ApiCall[] = [];
  const pending: Promise<void>[] = [];
  const on = (r: Response) => {
    if (!r.url().startsWith(`${BACKEND_URL}/api/`)) return;
    pending.push(
      r.body().then(
        (b) => void calls.push({ path: r.url().slice(BACKEND_URL.length), bytes: b.length }),
        () => undefined,
      ),
    );
  };
  page.on('response', on);
  return {
    calls,
    stop: async () => {
      page.off('response', on);
      await Promise.all(pending);
    },
  };
}

export interface PageLoad {
  /** From navigation to the answer of the page's data request (0 when the data was in memory already). */
  readonly navToDataMs: number;
  /** The data was in memory at the click (prefetched): no answer came before the first row. */
  readonly dataInMemory: boolean;
  /** From that answer to the first row on screen. */
  readonly dataToFirstRowMs: number;
  readonly navToFirstRowMs: number;
  /** Where the first row's first link (the Menu's component name) is, in px from the top of the window: off screen beyond the viewport's height. */
  readonly firstNameTopPx: number | undefined;
  /** The page's height once the network is idle. */
  readonly heightPx: number;
  readonly screens: number;
  readonly calls: readonly ApiCall[];
}

/**
 * Navigates to `url` and times it: until the response `isData` picks has
 * arrived, then until `firstRow` is visible; then waits for the network to go
 * idle and measures the page's height (in screens of the viewport). `click`:
 * a link of the loaded app (the sidebar's) to click instead of loading `url`
 * anew, so the time is the page's own, not the app's boot.
 */
export async function measurePageLoad(
  page: Page,
  url: string,
  isData: (r: Response) => boolean,
  firstRow: Locator,
  options: {
    click?: Locator;
    timeoutMs?: number;
    /** A CSS selector for (an element in) the first row: then the row is looked for on every frame, not polled. */
    firstRowCss?: string;
  } = {},
): Promise<PageLoad> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const rec = recordApiCalls(page);
  // The link's checks (attached, visible, stable, in view) before the clock starts, then one real mouse click at
  // its centre: locator.click() would time its own actionability round trips as the page's.
  const at = options.click ? await clickPoint(options.click) : undefined;
  const t0 = Date.now();
  let tAnswer: number | undefined;
  const data = page.waitForResponse(isData, { timeout: timeoutMs }).then(async (r) => {
    await r.finished();
    tAnswer = Date.now();
  });
  // With the data in memory no request may come at all: its wait then times out unobserved.
  data.catch(() => undefined);
  if (at) {
    await page.mouse.click(at.x, at.y);
  } else {
    await page.goto(url, { waitUntil: 'commit' });
  }
  // The row shows after its data's answer, or at once when the data was in memory before the click (prefetched
  // when the app shell loaded); a request for the next answer may then come after the row.
  const tRow = options.firstRowCss
    ? await shownAt(page, options.firstRowCss, timeoutMs)
    : await firstRow.waitFor({ state: 'visible', timeout: timeoutMs }).then(() => Date.now());
  // The two ways of naming the row must name the same one: a locator that matches nothing would leave the
  // row's position unmeasured without a word.
  if (options.firstRowCss && !(await firstRow.isVisible())) {
    throw new Error(
      `measurePageLoad: '${options.firstRowCss}' is shown but the row locator finds no row (${String(firstRow)})`,
    );
  }
  const dataInMemory = tAnswer === undefined || tAnswer > tRow;
  const tData = dataInMemory ? t0 : tAnswer!;
  const firstNameTopPx = (
    await firstRow
      .locator('a')
      .first()
      .boundingBox({ timeout: 5000 })
      .catch(() => null)
  )?.y;
  await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined);
  const heightPx = await pageHeight(page);
  await rec.stop();
  return {
    navToDataMs: tData - t0,
    dataToFirstRowMs: tRow - tData,
    dataInMemory,
    navToFirstRowMs: tRow - t0,
    firstNameTopPx,
    heightPx,
    screens: heightPx / VIEWPORT.height,
    calls: rec.calls,
  };
}

/** Where a click on `link` lands: its centre, once playwright's actionability checks pass (a trial click). */
async function clickPoint(link: Locator): Promise<{ x: number; y: number }> {
  await link.click({ trial: true });
  const box = await link.boundingBox();
  if (!box) throw new Error(`measurePageLoad: the link to click has no box on screen (${String(link)})`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * When the first element `css` selects became visible (a box on screen), on the driver's clock: the page checks
 * on every animation frame. locator.waitFor polls at 0, 20, 50, 100 and 100 ms, then every 500 ms, so a row
 * painted at 110 ms was reported at 250-300 ms.
 */
async function shownAt(page: Page, css: string, timeoutMs: number): Promise<number> {
  await page.waitForFunction(
    (selector) => {
      const el = document.querySelector(selector);
      return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    },
    css,
    { polling: 'raf', timeout: timeoutMs },
  );
  return Date.now();
}

/** A link to a runtime component (the Menu page's, new or old), within a row. */
const COMPONENT_LINK_CSS = 'a[href*="/resource/component-"]';

/**
 * The link to a runtime component in the first row of a table as one CSS selector for the whole document. Not
 * for `filter({ has })`: playwright matches that locator within the row, where `table tbody tr` is never found.
 */
export const FIRST_COMPONENT_ROW_CSS = `table tbody tr ${COMPONENT_LINK_CSS}`;

/** The first row of a table that links to a runtime component (the Menu page, new or old). */
export const firstComponentRow = (page: Page) =>
  page
    .locator('table tbody tr')
    .filter({ has: page.locator(COMPONENT_LINK_CSS) })
    .first();
