import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestStack, type TestStack, type TestStackOptions } from '../harness/test-stack';

const root = join(__dirname, '../..');
/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser. */
export const CHROMIUM_PATH = process.env.WEFT_CHROMIUM || '/usr/bin/chromium';
// The README's images are refreshed with `npm run screenshots`; a plain test run keeps its own out of the tree.
export const SCREENSHOTS_DIR = process.env.WEFT_SCREENSHOTS_DIR
  ? resolve(root, process.env.WEFT_SCREENSHOTS_DIR)
  : join(root, '.data/screenshots');

/** Builds the console's bundle when it is missing or older than its sources (`npm test` has built it already). */
export function ensureConsoleBundle(): void {
  const script = "import { buildConsoleIfStale } from './apps/console/build.mjs'; await buildConsoleIfStale();";
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the console failed (exit ${result.status})`);
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: the browser tests drive Debian's (apt-get install -y chromium), or set WEFT_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

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
