import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { weftDataConverter } from '@weft/components';
import { readTemporalEnv, type TemporalEnv } from '@weft/interpreter';

export const TEMPORAL_ENV = Symbol('TEMPORAL_ENV');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/**
 * A lazy connection: the API starts while Temporal is down, and every call reconnects on its own. Calls fail fast
 * when the server is out of reach (3 attempts, about half a second, instead of the SDK's ten) so a request answers
 * 503 promptly, and the channel retries its connection at most every 5 s (gRPC's default backs off to two minutes)
 * so the API answers again soon after Temporal is back.
 */
export function temporalConnection(env: TemporalEnv): Connection {
  return Connection.lazy({
    ...env.connection,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 3 }))],
    channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5000 },
  });
}

/** One Temporal client for the API, closed when the app shuts down. */
@Global()
@Module({
  providers: [
    { provide: TEMPORAL_ENV, useFactory: () => readTemporalEnv() },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_ENV],
      useFactory: (env: TemporalEnv) =>
        new Client({
          connection: temporalConnection(env),
          namespace: env.namespace,
          // Reads claim-checked payloads (queries, results, histories) from the blob store: docs/claim-check.md.
          dataConverter: weftDataConverter(),
        }),
    },
  ],
  exports: [TEMPORAL_ENV, TEMPORAL_CLIENT],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
