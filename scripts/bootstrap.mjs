// Installs npm dependencies when they are missing or older than package-lock.json, using only Node built-ins,
// so that `npm run dev` and `npm test` work on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  // Not `npm ci`: registries that serve only this platform's optional binaries (as ours does) leave the
  // other platforms' entries out of the lock file, and `npm ci` refuses such a lock; `npm install` honours it.
  process.stderr.write('[bootstrap] installing npm dependencies (npm install)\n');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`[bootstrap] npm install failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
}
