import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the console's bundle is: WEFT_CONSOLE_DIR, or apps/console/dist of this checkout (built by `npm run dev`,
 * `npm test` and the image build).
 */
export function consoleDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.WEFT_CONSOLE_DIR || join(__dirname, '../../../console/dist'));
}

/** A file name the bundle may hold: one path segment of plain characters, so no request walks out of the folder. */
const BUNDLE_FILE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/** The path of a file of the bundle, or undefined when there is no such file. */
export function consoleFile(dir: string, name: string): string | undefined {
  if (!BUNDLE_FILE.test(name)) return undefined;
  const path = join(dir, name);
  return existsSync(path) ? path : undefined;
}
