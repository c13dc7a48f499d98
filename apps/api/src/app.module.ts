import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './database/database.module';
import { FlowsModule } from './flows/flows.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { validationPipeProvider } from './problems/validation-pipe.provider';
import { RunsModule } from './runs/runs.module';
import { SchedulesModule } from './schedules/schedules.module';
import { TemporalModule } from './temporal/temporal.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    DatabaseModule,
    LoggingModule,
    MetricsModule,
    HealthModule,
    TemporalModule,
    AuthModule,
    FlowsModule,
    RunsModule,
    SchedulesModule,
    WebhooksModule,
    ConsoleModule,
  ],
  providers: [validationPipeProvider, { provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
