import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface WeftCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const WEFT = join(__dirname, '..', '..', 'apps', 'cli', 'bin', 'weft.js');

/** A `weft` CLI bound to one API: each call runs `weft --api <api> <leading…> <args…>` as its own process, uncoloured. */
export function weftCli(api: string, ...leading: string[]) {
  return (...args: string[]): Promise<WeftCliResult> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [WEFT, '--api', api, ...leading, ...args],
        { env: { ...process.env, NO_COLOR: '1' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
}
