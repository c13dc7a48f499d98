import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';
import { RunCounts } from './run-counts';

/** `weft_runs{flow_id,status}`, computed when Prometheus scrapes, from the counts Temporal's visibility keeps. */
@Injectable()
export class RunGauges {
  constructor(@Inject(METRICS_REGISTRY) registry: Registry, counts: RunCounts) {
    new Gauge({
      name: 'weft_runs',
      help: "Runs of each flow by status, as Temporal's visibility counts them (the first 500 flows by id)",
      labelNames: ['flow_id', 'status'],
      registers: [registry],
      async collect() {
        const reading = await counts.current();
        this.reset();
        for (const { flowId, status, count } of reading.counts) this.set({ flow_id: flowId, status }, count);
      },
    });
    new Gauge({
      name: 'weft_runs_counts_fresh',
      help: '1 when weft_runs comes from the last read of Temporal, 0 when that read failed and the values are older',
      registers: [registry],
      // Gauges are collected concurrently; both share the one cached reading.
      async collect() {
        this.set((await counts.current()).fresh ? 1 : 0);
      },
    });
  }
}
