import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

/** TLS as both Temporal connections (the client's and the worker's native one) take it. */
export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Uint8Array;
  clientCertPair?: { crt: Uint8Array; key: Uint8Array };
}

/** How to reach the Temporal frontend: what `Connection` and `NativeConnection` both accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TemporalTls | boolean;
  /** Temporal Cloud API key; turns TLS on unless TLS is explicitly disabled. */
  apiKey?: string;
  /** gRPC headers sent with every call (`TEMPORAL_GRPC_META_*`). */
  metadata?: Record<string, string>;
}

/** Temporal connection settings, by Temporal's standard variable names, shared by the API and the worker. */
export interface TemporalEnv {
  address: string;
  namespace: string;
  taskQueue: string;
  connection: TemporalConnectionOptions;
}

const BOOLEANS = ['true', 'false', '1', '0'];

/**
 * Reads Temporal's environment configuration through `@temporalio/envconfig`: a TOML profile
 * (`TEMPORAL_CONFIG_FILE`, `TEMPORAL_PROFILE`, or ~/.config/temporalio/temporal.toml when it exists) overridden by
 * `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS*` and `TEMPORAL_GRPC_META_*`.
 * `WEFT_TASK_QUEUE` names Weft's task queue. A bad value stops the start with the variable's name.
 */
export function readTemporalEnv(env: Record<string, string | undefined> = process.env): TemporalEnv {
  for (const name of ['TEMPORAL_TLS', 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION']) {
    const raw = env[name];
    if (raw !== undefined && raw !== '' && !BOOLEANS.includes(raw)) {
      throw new Error(`${name} must be true, false, 1 or 0, got "${raw}"`);
    }
  }
  const defined = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  let profile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: defined });
  } catch (err) {
    throw new Error(
      `Temporal client configuration (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE): ${(err as Error).message}`,
    );
  }
  const address = profile.address || 'localhost:7233';
  if (!/^[^\s:]+:\d{1,5}$/.test(address)) {
    throw new Error(`TEMPORAL_ADDRESS must look like host:port, got "${address}"`);
  }
  let options;
  try {
    options = toClientOptions({ ...profile, address }).connectionOptions;
  } catch (err) {
    // A certificate or key file that cannot be read.
    throw new Error(`Temporal TLS files (TEMPORAL_TLS_*_PATH or the profile's tls paths): ${(err as Error).message}`);
  }
  const connection: TemporalConnectionOptions = { address };
  if (options.tls !== undefined && options.tls !== null) connection.tls = options.tls as TemporalTls | boolean;
  if (options.apiKey) connection.apiKey = options.apiKey as string;
  if (options.metadata) connection.metadata = options.metadata as Record<string, string>;
  return {
    address,
    namespace: profile.namespace || 'default',
    taskQueue: env.WEFT_TASK_QUEUE || 'weft',
    connection,
  };
}
