import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { API_CONFIG, readApiConfig, type ApiConfig } from '../config/api-config';
import { openDatabase, type OpenDatabase } from './open-database';

export const DATABASE = Symbol('DATABASE');
const OPENED = Symbol('OPENED_DATABASE');

/** The control plane's store, migrated at start, closed at shutdown. Inject `DATABASE` for the drizzle handle. */
@Global()
@Module({
  providers: [
    { provide: API_CONFIG, useFactory: () => readApiConfig() },
    {
      provide: OPENED,
      inject: [API_CONFIG],
      useFactory: async (config: ApiConfig) => {
        const opened = await openDatabase(config.database);
        const where =
          config.database.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${config.database.dataDir ?? 'in memory'})`;
        new Logger('Database').log(`store: ${where}, migrations applied`);
        return opened;
      },
    },
    { provide: DATABASE, inject: [OPENED], useFactory: (opened: OpenDatabase) => opened.db },
  ],
  exports: [API_CONFIG, DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPENED) private readonly opened: OpenDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.opened.close();
  }
}
