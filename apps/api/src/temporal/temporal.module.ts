import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { readTemporalEnv, type TemporalEnv } from '@weft/interpreter';

export const TEMPORAL_ENV = Symbol('TEMPORAL_ENV');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** One Temporal client for the API, closed when the app shuts down. */
@Global()
@Module({
  providers: [
    { provide: TEMPORAL_ENV, useFactory: () => readTemporalEnv() },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_ENV],
      useFactory: async (env: TemporalEnv) => {
        const connection = await Connection.connect({ address: env.address });
        return new Client({ connection, namespace: env.namespace });
      },
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
