// Finds or builds the production Temporal binaries of `npm run stack:prod` and prints where they are:
// `temporal-server` and `temporal-sql-tool` from go.temporal.io/server (pinned in temporal/server/go.mod, the
// version the CLI embeds) and `ui-server` from github.com/temporalio/ui-server (pinned in temporal/ui-server/go.mod,
// the version of compose's temporalio/ui image). Cached under ~/.cache/weft like the CLI, with the server's SQL
// schemas and the UI server's config templates beside them (the same files the official images carry).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goBuild } from './go-build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const MODULES = {
  server: { dir: join(here, 'server'), module: 'go.temporal.io/server' },
  ui: { dir: join(here, 'ui-server'), module: 'github.com/temporalio/ui-server/v2' },
};

function pinned(which) {
  const { dir, module } = MODULES[which];
  const mod = readFileSync(join(dir, 'go.mod'), 'utf8');
  const match = new RegExp(`^\\s*${module.replace(/[./]/g, '\\$&')} (v\\S+)`, 'm').exec(mod);
  if (!match) throw new Error(`${join(dir, 'go.mod')} does not pin ${module}`);
  return match[1];
}

export function serverCacheDir() {
  const base = process.env.WEFT_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'weft');
  return join(base, `temporal-server-${pinned('server')}-ui-${pinned('ui')}`);
}

function log(message) {
  process.stderr.write(`[temporal-server] ${message}\n`);
}

function moduleDir(cwd, module) {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['list', '-m', '-f', '{{.Dir}}', module], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`go list -m ${module} failed`))));
  });
}

/**
 * Paths of the production binaries, building what is missing.
 * @returns {Promise<{ server: string, sqlTool: string, ui: string, schemaDir: string, uiRoot: string, version: string }>}
 */
export async function ensureTemporalServer() {
  const dir = serverCacheDir();
  const paths = {
    server: join(dir, 'temporal-server'),
    sqlTool: join(dir, 'temporal-sql-tool'),
    ui: join(dir, 'ui-server'),
    // The layout of the admin-tools image: schema/postgresql/v12/{temporal,visibility}/versioned.
    schemaDir: join(dir, 'schema', 'postgresql', 'v12'),
    // The ui-server reads <root>/config/<env>.yaml; the image runs it with `--env docker`.
    uiRoot: join(dir, 'ui'),
    version: pinned('server'),
  };
  if ([paths.server, paths.sqlTool, paths.ui, paths.schemaDir, paths.uiRoot].every(existsSync)) return paths;

  const go = spawn('go', ['version'], { stdio: 'ignore' });
  const hasGo = await new Promise((resolve) => {
    go.on('error', () => resolve(false));
    go.on('exit', (code) => resolve(code === 0));
  });
  if (!hasGo) throw new Error('Go (>= 1.26) is needed to build the Temporal server for the production stack.');
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const server = MODULES.server.dir;
  if (!existsSync(paths.server)) {
    const what = `temporal-server ${paths.version}`;
    await goBuild({ cwd: server, pkg: 'go.temporal.io/server/cmd/server', target: paths.server, what, log });
  }
  if (!existsSync(paths.sqlTool)) {
    const pkg = 'go.temporal.io/server/cmd/tools/sql';
    await goBuild({ cwd: server, pkg, target: paths.sqlTool, what: 'temporal-sql-tool', log });
  }
  if (!existsSync(paths.ui)) {
    const pkg = 'github.com/temporalio/ui-server/v2/cmd/server';
    await goBuild({ cwd: MODULES.ui.dir, pkg, target: paths.ui, what: `ui-server ${pinned('ui')}`, log });
  }
  if (!existsSync(paths.schemaDir)) {
    const source = join(await moduleDir(server, MODULES.server.module), 'schema', 'postgresql', 'v12');
    rmSync(`${paths.schemaDir}.partial`, { recursive: true, force: true });
    cpSync(source, `${paths.schemaDir}.partial`, { recursive: true });
    renameSync(`${paths.schemaDir}.partial`, paths.schemaDir);
  }
  if (!existsSync(paths.uiRoot)) {
    const source = join(await moduleDir(MODULES.ui.dir, MODULES.ui.module), 'config');
    cpSync(source, join(`${paths.uiRoot}.partial`, 'config'), { recursive: true });
    renameSync(`${paths.uiRoot}.partial`, paths.uiRoot);
  }
  log(`production Temporal binaries ready in ${Math.round((Date.now() - started) / 1000)}s (${dir})`);
  return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureTemporalServer().then(
    (paths) => process.stdout.write(`${JSON.stringify(paths, null, 2)}\n`),
    (err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
