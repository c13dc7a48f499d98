import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { ApiClient } from './api-client';
import { useColor } from './render/style';

export interface GlobalOptions {
  api: string;
  apiKey?: string;
  json?: boolean;
  by: string;
}

/** What every command needs: the API, how to print, and who the operator is. */
export interface CliContext {
  api: ApiClient;
  json: boolean;
  color: boolean;
  by: string;
  /** Prints data as JSON with --json, else the human rendering. */
  print(data: unknown, human: () => string): void;
}

export function contextOf(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const json = Boolean(options.json);
  return {
    api: new ApiClient({ baseUrl: options.api, apiKey: options.apiKey || process.env.WEFT_API_KEY || undefined }),
    json,
    color: useColor(),
    by: options.by,
    print: (data, human) => process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human()}\n`),
  };
}

export function defaultOperator(): string {
  if (process.env.WEFT_USER) return process.env.WEFT_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Process exit codes: scripts tell a refused operation or a failed run from a mistyped command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
