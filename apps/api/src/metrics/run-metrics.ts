import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';

/** How a run came to start: a start request, a rerun of another run, or a Temporal schedule. */
export type RunTrigger = 'api' | 'rerun' | 'schedule';
/** ok: done; refused: the request was wrong or not allowed (4xx); error: the API failed (5xx). */
export type OperationOutcome = 'ok' | 'refused' | 'error';

/** The counters other parts of the API record into: runs started, and operations on runs. */
@Injectable()
export class RunMetrics {
  private readonly started: Counter<'flow_id' | 'trigger'>;
  private readonly operations: Counter<'kind' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.started = new Counter({
      name: 'weft_runs_started_total',
      help: 'Runs started through this API process, by flow and by what started them',
      labelNames: ['flow_id', 'trigger'],
      registers: [registry],
    });
    this.operations = new Counter({
      name: 'weft_run_operations_total',
      help: 'Operations on runs (pause, resume, cancel, retry, approve…) by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
  }

  runStarted(flowId: string, trigger: RunTrigger = 'api'): void {
    this.started.inc({ flow_id: flowId, trigger });
  }

  operation(kind: string, outcome: OperationOutcome): void {
    this.operations.inc({ kind, outcome });
  }
}
