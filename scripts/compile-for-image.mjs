// The image's build stage (Dockerfile): compiles every TypeScript source of the apps and libs to CommonJS beside it
// (foo.ts → foo.js) with SWC, as tests and `npm run api` compile them on the fly, and points the workspace packages
// at the .js files, so the runtime image starts `node apps/api/src/main.js` with no compiler at all.
// Usage: node scripts/compile-for-image.mjs [root]   (root defaults to the repository)
import { transformFileSync } from '@swc/core';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SWC = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    // Nest resolves constructor parameters from the emitted design-time metadata.
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: false,
};

const SKIP_DIRS = new Set(['node_modules', 'dist', 'test']);
/** The web console is a browser app with a build of its own (apps/console/build.mjs). */
const SKIP_WORKSPACES = new Set(['console']);

function* typescriptFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(entry)) yield* typescriptFiles(path);
    } else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts') && !entry.endsWith('.test.ts')) {
      yield path;
    }
  }
}

export function compileForImage(root) {
  let files = 0;
  for (const top of ['apps', 'libs']) {
    for (const workspace of readdirSync(join(root, top))) {
      const dir = join(root, top, workspace);
      if (!statSync(dir).isDirectory() || SKIP_WORKSPACES.has(workspace)) continue;
      for (const file of typescriptFiles(dir)) {
        writeFileSync(file.replace(/\.ts$/, '.js'), transformFileSync(file, SWC).code);
        files++;
      }
      const manifest = join(dir, 'package.json');
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.main?.endsWith('.ts')) pkg.main = pkg.main.replace(/\.ts$/, '.js');
      writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
    }
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..'));
  process.stdout.write(`compiled ${compileForImage(root)} TypeScript files to JavaScript under ${root}\n`);
}
