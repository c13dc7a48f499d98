// The environment variables of the dev stack, with their defaults. Documented in README.md.
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function intFrom(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

export function loadDevConfig() {
  const dataDir = process.env.WEFT_DATA_DIR ?? join(root, '.data');
  return {
    temporal: {
      port: intFrom('WEFT_TEMPORAL_PORT', 7233),
      uiPort: intFrom('WEFT_TEMPORAL_UI_PORT', 8233),
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      dbFile: join(dataDir, 'temporal.sqlite'),
      ip: process.env.WEFT_TEMPORAL_IP ?? '127.0.0.1',
    },
    apiPort: intFrom('WEFT_API_PORT', 3000),
    taskQueue: process.env.WEFT_TASK_QUEUE ?? 'weft',
    dataDir,
    // A local stack answers anyone who reaches 127.0.0.1; WEFT_AUTH=on makes it ask for keys like production does.
    auth: process.env.WEFT_AUTH ?? 'off',
  };
}
