// Finds or builds the pinned Temporal CLI (dev server + Web UI) and prints its path.
// Order: $WEFT_TEMPORAL_BIN, a suitable `temporal` on PATH, the cached build, a fresh build from temporal/go.mod.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const MIN_CLI = [1, 8, 0];

export function pinnedCliVersion() {
  const mod = readFileSync(join(here, 'go.mod'), 'utf8');
  const match = /^\s*(?:require\s+)?github\.com\/temporalio\/cli (v\S+)/m.exec(mod);
  if (!match) throw new Error('temporal/go.mod does not pin github.com/temporalio/cli');
  return match[1];
}

export function cacheDir() {
  const base = process.env.WEFT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weft');
  return join(base, `temporal-cli-${pinnedCliVersion()}`);
}

function versionOf(bin) {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const match = /temporal version (\d+)\.(\d+)\.(\d+)/.exec(out.stdout);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function atLeast(version, min) {
  for (let i = 0; i < min.length; i++) {
    if (version[i] !== min[i]) return version[i] > min[i];
  }
  return true;
}

function suitableOnPath() {
  const found = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) return undefined;
  const version = versionOf(bin);
  return version && atLeast(version, MIN_CLI) ? bin : undefined;
}

function build(target) {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error('The Temporal CLI is not on PATH and Go is not installed to build it (need Go >= 1.26).');
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const started = Date.now();
  log(`building Temporal CLI ${pinnedCliVersion()} from its Go module into ${target} (first time only, takes minutes)`);
  return new Promise((resolve, reject) => {
    const version = pinnedCliVersion().replace(/^v/, '');
    const ldflags = `-X github.com/temporalio/cli/internal/temporalcli.Version=${version}`;
    const args = ['build', '-v', '-trimpath', '-ldflags', ldflags, '-o', partial, 'github.com/temporalio/cli/cmd/temporal'];
    const child = spawn('go', args, {
      cwd: here,
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
        log(`  ... ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)}s`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`go build of the Temporal CLI failed (exit ${code}):\n${tail}`));
      renameSync(partial, target);
      log(`built Temporal CLI in ${Math.round((Date.now() - started) / 1000)}s`);
      resolve(target);
    });
  });
}

function log(message) {
  process.stderr.write(`[temporal] ${message}\n`);
}

/** Path of a Temporal CLI binary at least as new as the pinned one, building it when needed. */
export async function ensureTemporal() {
  if (process.env.WEFT_TEMPORAL_BIN) return process.env.WEFT_TEMPORAL_BIN;
  const onPath = suitableOnPath();
  if (onPath) return onPath;
  const cached = join(cacheDir(), 'temporal');
  if (existsSync(cached) && versionOf(cached)?.join('.') === pinnedCliVersion().slice(1)) return cached;
  return build(cached);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureTemporal().then(
    (bin) => process.stdout.write(`${bin}\n`),
    (err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
