// `go build` of one package of a pinned module into a cache, shared by the CLI's and the production server's builds:
// it writes to a partial file renamed at the end (an interrupted build leaves no broken binary) and reports the
// packages compiled every 10 s, since a cold build takes minutes.
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * @param {{ cwd: string, pkg: string, target: string, what: string, ldflags?: string, log: (message: string) => void }} build
 * @returns {Promise<string>} the target
 */
export function goBuild({ cwd, pkg, target, what, ldflags, log }) {
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  log(`building ${what} into ${target} (first time only, takes minutes)`);
  const args = ['build', '-v', '-trimpath', ...(ldflags ? ['-ldflags', ldflags] : []), '-o', partial, pkg];
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd,
      env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=readonly`.trim() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let packages = 0;
    let lastReport = 0;
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      tail = (tail + chunk).slice(-4000);
      packages += chunk.split('\n').filter((line) => line && !line.startsWith('go: ')).length;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`  ... ${what}: ${packages} packages compiled, ${seconds()}s`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`go build of ${what} failed (exit ${code}):\n${tail}`));
      renameSync(partial, target);
      log(`built ${what} in ${seconds()}s`);
      resolve(target);
    });
  });
}
