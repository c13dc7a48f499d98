// Records the history of each scenario into test/replay/histories/<name>.json.
// Usage: npm run record:histories -- [name ...]   (only new scenarios: old histories are the contract)
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { compilePlan, toWirePlan } from '@weft/dsl';
import { FLOW_RUN_WORKFLOW, type FlowRunInput } from '@weft/interpreter';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWeftWorker } from '../../apps/worker/src/create-worker';
import { childHistories, given, notified, operators, scenarios, subflows, wirePlans } from './scenarios';

async function main() {
  const { startDevServer } = await import('../../temporal/dev-server.mjs');
  const { freePort } = await import('../harness/free-port.js');
  const server = await startDevServer({ port: await freePort(), namespace: 'default' });
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const taskQueue = 'weft-record';
  const worker = await createWeftWorker({ connection: nativeConnection, namespace: 'default', taskQueue });
  try {
    await worker.runUntil(async () => {
      for (const name of names) {
        const file = join(__dirname, 'histories', `${name}.json`);
        if (existsSync(file) && !process.env.FORCE) {
          console.log(`skip ${name}: already recorded (FORCE=1 to overwrite: only for scenarios never released)`);
          continue;
        }
        const resolveFlow = (id: string) =>
          subflows[id] ? { version: 1, plan: compilePlan(subflows[id], 1) } : undefined;
        const plan = compilePlan(scenarios[name], 1, resolveFlow);
        const input: FlowRunInput = {
          plan: wirePlans.has(name) ? toWirePlan(plan) : plan,
          inputs: {},
          ...(notified[name] && { notify: notified[name] }),
          ...(given[name] && { given: given[name] }),
        };
        const handle = await client.workflow.start(FLOW_RUN_WORKFLOW, { workflowId: name, taskQueue, args: [input] });
        await operators[name]?.(handle);
        await handle.result().catch(() => undefined);
        for (const workflowId of [name, ...(childHistories[name] ?? []).map((node) => `${name}--${node}`)]) {
          // The CLI writes the canonical proto3 JSON that Worker.runReplayHistory reads.
          const json = execFileSync(server.bin, [
            'workflow',
            'show',
            '-w',
            workflowId,
            '--address',
            server.address,
            '-o',
            'json',
          ]);
          writeFileSync(join(__dirname, 'histories', `${workflowId}.json`), json);
          console.log(`recorded ${workflowId}`);
        }
      }
    });
  } finally {
    await client.connection.close();
    await nativeConnection.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
