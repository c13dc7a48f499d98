import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { BulkOperationsController } from './bulk-operations.controller';
import { BulkOperationsService } from './bulk-operations.service';
import { ListRunsService } from './list-runs.service';
import { NodeLogsController } from './node-logs.controller';
import { NodeLogsService } from './node-logs.service';
import { NodeOutputController } from './node-output.controller';
import { NodeOutputService } from './node-output.service';
import { RerunController } from './rerun.controller';
import { RerunService } from './rerun.service';
import { RunOperationsController } from './run-operations.controller';
import { RunEventsService } from './run-events.service';
import { RunOperationsService } from './run-operations.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';
import { TemporalLinkController } from './temporal-link.controller';

@Module({
  imports: [FlowsModule],
  // Bulk first: its /runs/bulk/:operation routes would otherwise be taken as operations on a run named "bulk".
  controllers: [
    BulkOperationsController,
    RunsController,
    NodeLogsController,
    NodeOutputController,
    RunOperationsController,
    RerunController,
    TemporalLinkController,
  ],
  providers: [
    RunsService,
    RunOperationsService,
    ListRunsService,
    RunEventsService,
    BulkOperationsService,
    RerunService,
    NodeLogsService,
    NodeOutputService,
  ],
})
export class RunsModule {}
