import type { ChildProcess } from 'node:child_process';

export interface DevServerOptions {
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace: string;
  ip?: string;
  output?: 'inherit' | 'ignore';
  /** Extra dynamic config values, e.g. a lower `limit.historyCount.suggestContinueAsNew` in tests. */
  dynamicConfig?: Record<string, unknown>;
}

export interface DevServer {
  address: string;
  bin: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startDevServer(options: DevServerOptions): Promise<DevServer>;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
