import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import type { TemporalEnv } from '@weft/interpreter';
import { sql } from 'drizzle-orm';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';

const PROBE_TIMEOUT_MS = 2000;

/** Terminus indicators for what the API needs to serve: the Temporal frontend and the control-plane store. */
@Injectable()
export class DependencyHealth {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async temporal() {
    const where = { address: this.env.address, namespace: this.env.namespace };
    const check = this.health.check('temporal');
    try {
      await this.client.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
        this.client.workflowService.describeNamespace({ namespace: this.env.namespace }),
      );
      return check.up(where);
    } catch (err) {
      return check.down({ ...where, message: (err as Error).message });
    }
  }

  async database() {
    const check = this.health.check('database');
    const kind = this.config.database.kind;
    try {
      await withTimeout(this.db.execute(sql`select 1`), PROBE_TIMEOUT_MS);
      return check.up({ kind });
    } catch (err) {
      return check.down({ kind, message: (err as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
