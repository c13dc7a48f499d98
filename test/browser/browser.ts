import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestStack, type TestStack, type TestStackOptions } from '../harness/test-stack';
import { CHROMIUM_PATH, ensureConsoleBundle, launchChromium } from './chromium';

export { CHROMIUM_PATH, ensureConsoleBundle, launchChromium };

const root = join(__dirname, '../..');
// The README's images are refreshed with `npm run screenshots`; a plain test run keeps its own out of the tree.
export const SCREENSHOTS_DIR = process.env.WEFT_SCREENSHOTS_DIR
  ? resolve(root, process.env.WEFT_SCREENSHOTS_DIR)
  : join(root, '.data/screenshots');

export interface ConsoleStack {
  stack: TestStack;
  browser: Browser;
  /** The API's origin, which serves the console at `/`. */
  baseUrl: string;
  /** A fresh page (own storage) at a console path such as `/#/flows`; errors thrown in it fail `close()`. */
  open(path?: string): Promise<Page>;
  /** Uncaught errors of the pages opened so far. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** The real stack (API + worker on the dev server) listening on a free port, and headless Chromium. */
export async function startConsoleStack(options: TestStackOptions = {}): Promise<ConsoleStack> {
  ensureConsoleBundle();
  const stack = await startTestStack(options);
  await stack.app.listen(0, '127.0.0.1');
  const { port } = stack.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  return {
    stack,
    browser,
    baseUrl,
    pageErrors,
    async open(path = '/') {
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.setDefaultTimeout(15_000);
      await page.goto(`${baseUrl}${path}`);
      return page;
    },
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}

/** Writes <name>.png into SCREENSHOTS_DIR (docs/screenshots under `npm run screenshots`, which the README shows). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

/** Waits until the FlowGraph on the page has laid out its nodes. */
export async function waitForGraph(page: Page, scope = '.flow-graph'): Promise<void> {
  await page.locator(`${scope}[data-laid-out="true"] .react-flow__node`).first().waitFor();
}

/**
 * Waits until the element stays where it is across two animation frames: after an edit the graph is laid out again
 * and fitted to the view a frame later, and a drag started in between aims at where its handles were.
 */
export async function waitUntilPlaced(page: Page, locator: Locator): Promise<void> {
  const frames = () => page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
  const deadline = Date.now() + 15_000;
  let before = JSON.stringify(await locator.boundingBox());
  while (Date.now() < deadline) {
    await frames();
    const now = JSON.stringify(await locator.boundingBox());
    if (now === before) return;
    before = now;
  }
  throw new Error(`${String(locator)} kept moving for 15 s`);
}
