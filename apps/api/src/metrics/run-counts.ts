import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { FLOW_RUN_WORKFLOW, type TemporalEnv } from '@weft/interpreter';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { flows } from '../database/schema';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';

/** Flows counted at most; more would make every scrape a burst of visibility queries. */
export const MAX_COUNTED_FLOWS = 500;
const PARALLEL_COUNTS = 8;
const READ_TIMEOUT_MS = 5000;
/** Flow ids that can go in a visibility query's string literal as they are. */
const PLAIN_ID = /^[\w.:-]+$/;

/** Temporal's execution statuses as visibility groups them, in Weft's words. */
const STATUSES: Record<string, string> = {
  Running: 'RUNNING',
  Completed: 'SUCCEEDED',
  Failed: 'FAILED',
  Canceled: 'CANCELLED',
  Terminated: 'TERMINATED',
  TimedOut: 'TIMED_OUT',
  ContinuedAsNew: 'CONTINUED_AS_NEW',
};

export interface RunCount {
  flowId: string;
  status: string;
  count: number;
}

export interface RunCountsReading {
  counts: RunCount[];
  /** Whether the last read of Temporal's visibility worked (the counts are the last good ones otherwise). */
  fresh: boolean;
}

/**
 * The runs of each flow in the database by status, counted by Temporal's visibility (the API never sees a run
 * end). Read at scrape time, kept for WEFT_METRICS_RUNS_TTL_MS so frequent scrapes cost Temporal nothing.
 */
@Injectable()
export class RunCounts {
  private readonly logger = new Logger('Metrics');
  private last?: { at: number; counts: RunCount[] };
  private fresh = true;
  private reading?: Promise<void>;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async current(): Promise<RunCountsReading> {
    if (!this.last || Date.now() - this.last.at >= this.config.metricsRunsTtlMs) {
      // Scrapes that arrive together share one read.
      this.reading ??= this.refresh().finally(() => (this.reading = undefined));
      await this.reading;
    }
    return { counts: this.last?.counts ?? [], fresh: this.fresh };
  }

  private async refresh(): Promise<void> {
    try {
      const counts = await this.read();
      this.last = { at: Date.now(), counts };
      this.fresh = true;
    } catch (err) {
      // Keep the last counts; try again at the next scrape, not before the TTL runs out.
      this.last = { at: Date.now(), counts: this.last?.counts ?? [] };
      this.fresh = false;
      this.logger.warn(`run counts not read from Temporal: ${(err as Error).message}`);
    }
  }

  private async read(): Promise<RunCount[]> {
    const rows = await this.db.select({ id: flows.id }).from(flows).orderBy(flows.id).limit(MAX_COUNTED_FLOWS);
    const ids = rows.map((row) => row.id).filter((id) => PLAIN_ID.test(id));
    const deadline = Date.now() + READ_TIMEOUT_MS;
    const counts: RunCount[] = [];
    for (let i = 0; i < ids.length; i += PARALLEL_COUNTS) {
      const batch = await Promise.all(ids.slice(i, i + PARALLEL_COUNTS).map((id) => this.countFlow(id, deadline)));
      counts.push(...batch.flat());
    }
    return counts;
  }

  private async countFlow(flowId: string, deadline: number): Promise<RunCount[]> {
    const query =
      `WorkflowType = '${FLOW_RUN_WORKFLOW}' AND TaskQueue = '${this.env.taskQueue}' AND FlowId = '${flowId}'` +
      ' GROUP BY ExecutionStatus';
    const result = await this.client.withDeadline(deadline, () => this.client.workflow.count(query));
    return result.groups.map((group) => {
      const name = String(group.groupValues[0]);
      return { flowId, status: STATUSES[name] ?? name.toUpperCase(), count: group.count };
    });
  }
}
