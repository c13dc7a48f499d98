import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DatabaseModule } from './database/database.module';
import { FlowsModule } from './flows/flows.module';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { validationPipeProvider } from './problems/validation-pipe.provider';
import { RunsModule } from './runs/runs.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [DatabaseModule, TemporalModule, FlowsModule, RunsModule],
  controllers: [HealthController],
  providers: [validationPipeProvider, { provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
export class AppModule {}
