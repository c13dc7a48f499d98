import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/roles';
import { NodeLogsQueryDto } from './node-logs.dto';
import { NodeLogsService } from './node-logs.service';

@ApiTags('runs')
@Controller()
export class NodeLogsController {
  constructor(private readonly nodeLogs: NodeLogsService) {}

  @Get('runs/:runId/nodes/:nodeId/logs')
  @RequireRole('viewer')
  @ApiOperation({
    summary:
      "A node's log lines per attempt (its component's log, a code node's stdout and stderr), live while it runs",
  })
  logs(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Query() query: NodeLogsQueryDto) {
    return this.nodeLogs.logs(runId, nodeId, query.attempt);
  }
}
