// Debian's Chromium through playwright-core and the console's bundle: what the browser tests and the console bench
// share. No test harness here, so the bench can load it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const root = join(__dirname, '../..');

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser. */
export const CHROMIUM_PATH = process.env.WEFT_CHROMIUM || '/usr/bin/chromium';

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
