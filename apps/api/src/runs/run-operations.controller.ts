import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApprovalDto, RetryNodeDto, SkipNodeDto, TerminateDto } from './operation.dto';
import { RunOperationsService } from './run-operations.service';

@ApiTags('operations')
@Controller('runs/:runId')
export class RunOperationsController {
  constructor(private readonly operations: RunOperationsService) {}

  @Post('nodes/:nodeId/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Retry a node paused on an error, optionally with new inputs (409 when it is not paused)' })
  retry(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: RetryNodeDto) {
    return this.operations.retry(runId, nodeId, body);
  }

  @Post('nodes/:nodeId/skip')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Skip a node paused on an error, optionally with the output it is taken to have produced' })
  skip(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: SkipNodeDto) {
    return this.operations.skip(runId, nodeId, body);
  }

  @Post('nodes/:nodeId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Approve a waiting approval node; the payload must satisfy the node's schema" })
  approve(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: ApprovalDto) {
    return this.operations.decide(runId, nodeId, 'approve', body);
  }

  @Post('nodes/:nodeId/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject a waiting approval node' })
  reject(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: ApprovalDto) {
    return this.operations.decide(runId, nodeId, 'reject', body);
  }

  @Post('cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Ask the run to cancel: running activities are cancelled and the run ends CANCELLED' })
  cancel(@Param('runId') runId: string) {
    return this.operations.cancel(runId);
  }

  @Post('terminate')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Terminate the run at once (no cleanup runs)' })
  terminate(@Param('runId') runId: string, @Body() body: TerminateDto) {
    return this.operations.terminate(runId, body);
  }
}
