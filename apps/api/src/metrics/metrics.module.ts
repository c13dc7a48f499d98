import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HttpMetrics, HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry, METRICS_REGISTRY } from './metrics-registry';
import { RunCounts } from './run-counts';
import { RunGauges } from './run-gauges';
import { RunMetrics } from './run-metrics';

/** GET /metrics, and RunMetrics for the parts of the API that count what they do. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
    RunMetrics,
    RunCounts,
    RunGauges,
    HttpMetrics,
  ],
  exports: [RunMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
