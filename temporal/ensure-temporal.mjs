// Finds or builds the pinned Temporal CLI (dev server + Web UI) and prints its path.
// Order: $WEFT_TEMPORAL_BIN, a suitable `temporal` on PATH, the cached build, a fresh build from temporal/go.mod.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goBuild } from './go-build.mjs';

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
  const version = pinnedCliVersion();
  return goBuild({
    cwd: here,
    pkg: 'github.com/temporalio/cli/cmd/temporal',
    target,
    what: `Temporal CLI ${version} from its Go module`,
    ldflags: `-X github.com/temporalio/cli/internal/temporalcli.Version=${version.replace(/^v/, '')}`,
    log,
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
