import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRunsDto } from './list-runs.dto';
import { ListRunsService } from './list-runs.service';
import { RunsService } from './runs.service';
import { StartRunDto } from './start-run.dto';

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly listing: ListRunsService,
  ) {}

  @Get('runs')
  @ApiOperation({ summary: 'List runs, filtered by flow, version, status and start time, in pages (order: Temporal visibility)' })
  list(@Query() filter: ListRunsDto) {
    return this.listing.list(filter);
  }

  @Post('flows/:flowId/runs')
  @ApiOperation({ summary: 'Start a run of a flow version (the latest unless `version` is given)' })
  start(@Param('flowId') flowId: string, @Body() body: StartRunDto) {
    return this.runs.start(flowId, body);
  }

  @Get('runs/:runId')
  @ApiOperation({ summary: 'The whole state of a run: status, progress and every node' })
  state(@Param('runId') runId: string) {
    return this.runs.state(runId);
  }
}
