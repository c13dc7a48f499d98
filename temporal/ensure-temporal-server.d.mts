export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  ui: string;
  schemaDir: string;
  uiRoot: string;
  version: string;
}

export function serverCacheDir(): string;
export function ensureTemporalServer(): Promise<TemporalServerBinaries>;
