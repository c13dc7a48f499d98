import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';
import { operationKind, operationOutcome } from './operation-kind';
import { routePattern } from './route-pattern';
import { RunMetrics } from './run-metrics';

/** The request latency histogram, one per app (the middleware that feeds it may be built more than once). */
@Injectable()
export class HttpMetrics {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new Histogram({
      name: 'weft_http_request_duration_seconds',
      help: 'HTTP requests to the API by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }
}

/** Times every request by method, route pattern and status, and counts the run operations among them. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    private readonly http: HttpMetrics,
    private readonly runs: RunMetrics,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.http.duration.startTimer();
    // The route is known only once the router matched it; "close" also covers a client that went away.
    res.once('close', () => {
      const route = routePattern(req);
      end({ method: req.method, route, status: String(res.statusCode) });
      const kind = operationKind(req.method, route);
      if (kind) this.runs.operation(kind, operationOutcome(res.statusCode));
    });
    next();
  }
}
