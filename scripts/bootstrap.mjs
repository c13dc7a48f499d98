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
  // `npm ci`: the exact tree of package-lock.json, which lists every platform's optional binaries, so a fresh clone
  // installs the same versions everywhere and fails loudly when package.json and the lock disagree.
  process.stderr.write('[bootstrap] installing npm dependencies (npm ci)\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`[bootstrap] npm ci failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
}

// The web console's bundle, which the API serves at /: built when missing or older than its sources.
const { buildConsoleIfStale } = await import('../apps/console/build.mjs');
await buildConsoleIfStale({ log: (line) => process.stderr.write(`[bootstrap] ${line}\n`) });

// The Python component SDK's venv (.data/python-venv, pip from PyPI): the Python worker of `npm run dev` and the SDK's
// own tests in `npm test`. Made once, and again only when sdk/python/pyproject.toml changes.
const { setUpPython } = await import('./python-setup.mjs');
setUpPython();
