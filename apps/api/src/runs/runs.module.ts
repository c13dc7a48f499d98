import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { RunOperationsController } from './run-operations.controller';
import { RunOperationsService } from './run-operations.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({ imports: [FlowsModule], controllers: [RunsController, RunOperationsController], providers: [RunsService, RunOperationsService] })
export class RunsModule {}
