import { join } from 'node:path';

/** Where `npm run stack:prod` keeps its PostgreSQL data, logs and stack.json: .data/stack-prod/ (ignored by git). */
export function prodStateDir(): string {
  return process.env.WEFT_PROD_STATE_DIR || join(__dirname, '..', '..', '.data', 'stack-prod');
}
