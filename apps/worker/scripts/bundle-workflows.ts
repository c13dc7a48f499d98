// Builds the production workflow bundle; exits non-zero when bundling fails.
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '@weft/interpreter';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

async function main() {
  const out = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle written to ${out} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
