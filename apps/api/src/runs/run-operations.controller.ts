import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApprovalDto, OperatorDto, RetryNodeDto, SetVariablesDto, SkipNodeDto } from './operation.dto';
import { RunOperationsService } from './run-operations.service';

/** Every operation answers with the run's state after it, or 409 with the reason the run refused it. */
@ApiTags('operations')
@Controller('runs/:runId')
export class RunOperationsController {
  constructor(private readonly operations: RunOperationsService) {}

  @Post('pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Pause the run: no node starts until it is resumed; running nodes finish (also in its loops, foreach and subflows)',
  })
  pause(@Param('runId') runId: string, @Body() body: OperatorDto) {
    return this.operations.pause(runId, body);
  }

  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a paused run' })
  resume(@Param('runId') runId: string, @Body() body: OperatorDto) {
    return this.operations.resume(runId, body);
  }

  @Post('variables')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set declared variables of a running run (nodes that start later see the new values)' })
  setVariables(@Param('runId') runId: string, @Body() body: SetVariablesDto) {
    return this.operations.setVariables(runId, body);
  }

  @Post('nodes/:nodeId/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Retry a node paused on an error, optionally with new inputs' })
  retry(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: RetryNodeDto) {
    return this.operations.retry(runId, nodeId, body);
  }

  @Post('nodes/:nodeId/skip')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Skip a pending, paused or waiting node, optionally with the output it is taken to have produced',
  })
  skip(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: SkipNodeDto) {
    return this.operations.skip(runId, nodeId, body);
  }

  @Post('nodes/:nodeId/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Let a node held at its breakpoint start' })
  resumeNode(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: OperatorDto) {
    return this.operations.resumeNode(runId, nodeId, body);
  }

  @Put('nodes/:nodeId/breakpoint')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set a breakpoint: the node pauses before it starts' })
  setBreakpoint(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: OperatorDto) {
    return this.operations.breakpoint(runId, nodeId, true, body);
  }

  @Delete('nodes/:nodeId/breakpoint')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Remove a breakpoint (a node held at it goes on)' })
  clearBreakpoint(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Body() body: OperatorDto) {
    return this.operations.breakpoint(runId, nodeId, false, body);
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
  cancel(@Param('runId') runId: string, @Body() body: OperatorDto) {
    return this.operations.cancel(runId, body);
  }

  @Post('terminate')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Terminate the run at once (no cleanup runs; the reason is in the Temporal history)' })
  terminate(@Param('runId') runId: string, @Body() body: OperatorDto) {
    return this.operations.terminate(runId, body);
  }
}
