// Bundles the console (apps/console/src) with esbuild into apps/console/dist, which the API serves at /.
// `node apps/console/build.mjs` builds; scripts/bootstrap.mjs calls buildConsoleIfStale() so `npm run dev` and
// `npm test` always serve a bundle of the current sources. dist/ is not committed.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const consoleDist = join(here, 'dist');
const stamp = join(consoleDist, '.built');
/** What the bundle is made of: a change to any of these makes it stale. */
const inputs = [join(here, 'src'), join(here, 'index.html'), join(here, 'build.mjs'), join(here, 'package.json')];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function consoleBuildIsStale() {
  if (!existsSync(stamp)) return true;
  return Math.max(...inputs.map(newestMtime)) > statSync(stamp).mtimeMs;
}

/**
 * codemirror-json-schema renders schema descriptions with markdown-it and highlights code with Shiki (megabytes of
 * grammars and a WebAssembly engine); the flow schema's descriptions are plain sentences, so a small renderer that
 * escapes them and marks `code` stands in.
 */
const plainMarkdown = {
  name: 'plain-markdown',
  setup(build) {
    build.onResolve({ filter: /\/utils\/markdown$/ }, (args) =>
      args.importer.includes('codemirror-json-schema')
        ? { path: join(here, 'src/designer/plain-markdown.ts') }
        : undefined,
    );
  },
};

export async function buildConsole({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const esbuild = await import('esbuild');
  const started = Date.now();
  mkdirSync(consoleDist, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { main: join(here, 'src/main.tsx') },
    outdir: consoleDist,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
    logLevel: 'warning',
    metafile: true,
    plugins: [plainMarkdown],
  });
  copyFileSync(join(here, 'index.html'), join(consoleDist, 'index.html'));
  writeFileSync(stamp, new Date().toISOString());
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  log(`[console] bundle built in ${Date.now() - started} ms (${Math.round(bytes / 1024)} KiB) in ${consoleDist}`);
}

export async function buildConsoleIfStale(options) {
  if (consoleBuildIsStale()) await buildConsole(options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsole();
}
