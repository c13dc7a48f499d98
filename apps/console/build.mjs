// Bundles the console (apps/console/src) with esbuild into apps/console/dist, which the API serves at /.
// `node apps/console/build.mjs` builds; scripts/bootstrap.mjs calls buildConsoleIfStale() so `npm run dev` and
// `npm test` always serve a bundle of the current sources. dist/ is not committed.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  // Built aside, then put in place whole: chunk names change with their content, so old ones do not pile up, and a
  // page loading meanwhile (or a second build, as two test workers may start) never sees half a bundle.
  const out = `${consoleDist}.${process.pid}.tmp`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await esbuild
    .build({
      entryPoints: { main: join(here, 'src/main.tsx') },
      outdir: out,
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      // ES modules split at dynamic imports: the designer's editor loads only when the designer opens.
      format: 'esm',
      splitting: true,
      target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
      logLevel: 'warning',
      metafile: true,
      plugins: [plainMarkdown],
    })
    .catch((err) => {
      rmSync(out, { recursive: true, force: true });
      throw err;
    });
  copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
  // ELK's layout runs in a worker of its own (src/graph/layout.ts).
  const elkWorker = createRequire(import.meta.url).resolve('elkjs/lib/elk-worker.min.js');
  copyFileSync(elkWorker, join(out, 'elk-worker.min.js'));
  writeFileSync(join(out, '.built'), new Date().toISOString());
  rmSync(consoleDist, { recursive: true, force: true });
  renameSync(out, consoleDist);
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
