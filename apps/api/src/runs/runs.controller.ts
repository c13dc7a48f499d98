import {
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { AcceptsQueryToken } from '../auth/query-token';
import { RequireRole } from '../auth/roles';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { ListRunsDto } from './list-runs.dto';
import { ListRunsService } from './list-runs.service';
import { RunEventsDto } from './run-events.dto';
import { RunEventsService } from './run-events.service';
import { RunsService } from './runs.service';
import { StartRunDto } from './start-run.dto';

@ApiTags('runs')
@Controller()
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly listing: ListRunsService,
    private readonly events: RunEventsService,
  ) {}

  @Get('runs')
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'List runs, filtered by flow, version, status and start time, in pages (order: Temporal visibility)',
  })
  list(@Query() filter: ListRunsDto) {
    return this.listing.list(filter);
  }

  @Post('flows/:flowId/runs')
  @RequireRole('operator')
  @ApiOperation({
    summary:
      'Start a run of a flow version (the latest unless `version` is given); 200 with the existing run when its idempotency key started one before',
  })
  @ApiHeader({ name: IDEMPOTENCY_HEADER, required: false, description: 'Same as the `idempotencyKey` field.' })
  async start(
    @Param('flowId') flowId: string,
    @Body() body: StartRunDto,
    @Headers(IDEMPOTENCY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const started = await this.runs.start(flowId, body, idempotencyKey);
    res.status(started.created ? HttpStatus.CREATED : HttpStatus.OK);
    return started;
  }

  @Get('runs/:runId')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The whole state of a run: status, progress and every node' })
  state(@Param('runId') runId: string) {
    return this.runs.state(runId);
  }

  @Get('runs/:runId/nodes/:nodeId')
  @RequireRole('viewer')
  @ApiOperation({
    summary: "One node of a run: status, attempts, inputs, output, error, child runs, and its activity's live attempt",
  })
  node(@Param('runId') runId: string, @Param('nodeId') nodeId: string) {
    return this.runs.node(runId, nodeId);
  }

  @Sse('runs/:runId/events')
  @RequireRole('viewer')
  @AcceptsQueryToken()
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      'Server-sent events: `state` (the whole state) each time it changes, then `end` with the final status; `problem` when a read fails. Clients of one run share one poller',
  })
  streamEvents(@Param('runId') runId: string, @Query() query: RunEventsDto): Promise<Observable<MessageEvent>> {
    return this.events.open(runId, query.intervalMs ?? 500);
  }
}
