import type { ChildProcess } from 'node:child_process';

export interface DevServerOptions {
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace: string;
  ip?: string;
  output?: 'inherit' | 'ignore';
}

export interface DevServer {
  address: string;
  bin: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startDevServer(options: DevServerOptions): Promise<DevServer>;
export function stopProcess(child: ChildProcess, graceMs?: number): Promise<void>;
