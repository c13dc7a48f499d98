// Starts the Temporal dev server for the chaos suite with `startDevServer` (temporal/dev-server.mjs) in a process of
// its own, since jest's module system cannot load that ES module. Its log (the server's too) goes to stdout; it
// names the server's pid so the suite can kill -9 that very process, and exits when the server does.
// Usage: node temporal-launcher.mjs <port> <sqlite file> <namespace>
import { startDevServer } from '../../temporal/dev-server.mjs';

const [port, dbFile, namespace] = process.argv.slice(2);
const server = await startDevServer({
  port: Number(port),
  dbFile,
  namespace,
  output: 'inherit',
  dynamicConfig: JSON.parse(process.env.WEFT_CHAOS_DYNAMIC_CONFIG || '{}'),
});
server.process.once('exit', (code, signal) => {
  process.stdout.write(`[launcher] dev server exited (${signal ?? code})\n`);
  process.exit(0);
});
process.stdout.write(`[launcher] dev server ready on ${server.address}, pid ${server.process.pid}\n`);
