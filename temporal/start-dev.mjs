// `npm run temporal:start`: the dev server alone, with the same defaults as `npm run dev`.
import { loadDevConfig } from '../scripts/dev-config.mjs';
import { startDevServer } from './dev-server.mjs';

const config = loadDevConfig();
const server = await startDevServer({ ...config.temporal, output: 'inherit' });
process.stdout.write(`Temporal dev server: ${server.address} (namespace ${config.temporal.namespace})\n`);
process.stdout.write(`Temporal Web UI:     http://localhost:${config.temporal.uiPort}\n`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.stop().then(() => process.exit(0)));
