import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditBy } from '../auth/audit-by';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireRole } from '../auth/roles';
import { ApprovalDto, OperatorDto, RetryNodeDto, SetVariablesDto, SkipNodeDto } from './operation.dto';
import { RunOperationsService } from './run-operations.service';

/**
 * Every operation answers with the run's state after it, or 409 with the reason the run refused it. The audit
 * trail records the caller's key as `by`; a `by` in the body counts only when auth is off.
 */
@ApiTags('operations')
@RequireRole('operator')
@Controller('runs/:runId')
export class RunOperationsController {
  constructor(private readonly operations: RunOperationsService) {}

  @Post('pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Pause the run: no node starts until it is resumed; running nodes finish (also in its loops, foreach and subflows)',
  })
  pause(@Param('runId') runId: string, @Body() body: OperatorDto, @CurrentActor() actor: Actor) {
    return this.operations.pause(runId, withBy(body, actor));
  }

  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a paused run' })
  resume(@Param('runId') runId: string, @Body() body: OperatorDto, @CurrentActor() actor: Actor) {
    return this.operations.resume(runId, withBy(body, actor));
  }

  @Post('variables')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set declared variables of a running run (nodes that start later see the new values)' })
  setVariables(@Param('runId') runId: string, @Body() body: SetVariablesDto, @CurrentActor() actor: Actor) {
    return this.operations.setVariables(runId, withBy(body, actor));
  }

  @Post('nodes/:nodeId/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Retry a node paused on an error, optionally with new inputs' })
  retry(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: RetryNodeDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.retry(runId, nodeId, withBy(body, actor));
  }

  @Post('nodes/:nodeId/skip')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Skip a pending, paused or waiting node, optionally with the output it is taken to have produced',
  })
  skip(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: SkipNodeDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.skip(runId, nodeId, withBy(body, actor));
  }

  @Post('nodes/:nodeId/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Let a node held at its breakpoint start' })
  resumeNode(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: OperatorDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.resumeNode(runId, nodeId, withBy(body, actor));
  }

  @Put('nodes/:nodeId/breakpoint')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set a breakpoint: the node pauses before it starts' })
  setBreakpoint(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: OperatorDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.breakpoint(runId, nodeId, true, withBy(body, actor));
  }

  @Delete('nodes/:nodeId/breakpoint')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Remove a breakpoint (a node held at it goes on)' })
  clearBreakpoint(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: OperatorDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.breakpoint(runId, nodeId, false, withBy(body, actor));
  }

  @Post('nodes/:nodeId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Approve a waiting approval node; the payload must satisfy the node's schema" })
  approve(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: ApprovalDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.decide(runId, nodeId, 'approve', withBy(body, actor));
  }

  @Post('nodes/:nodeId/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject a waiting approval node' })
  reject(
    @Param('runId') runId: string,
    @Param('nodeId') nodeId: string,
    @Body() body: ApprovalDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.operations.decide(runId, nodeId, 'reject', withBy(body, actor));
  }

  @Post('cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Ask the run to cancel: running activities are cancelled and the run ends CANCELLED' })
  cancel(@Param('runId') runId: string, @Body() body: OperatorDto, @CurrentActor() actor: Actor) {
    return this.operations.cancel(runId, withBy(body, actor));
  }

  @Post('terminate')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Terminate the run at once (no cleanup runs; the reason is in the Temporal history)' })
  terminate(@Param('runId') runId: string, @Body() body: OperatorDto, @CurrentActor() actor: Actor) {
    return this.operations.terminate(runId, withBy(body, actor));
  }
}

/** The body with the `by` the audit trail must record (see auditBy). */
function withBy<T extends OperatorDto>(body: T, actor: Actor): T {
  return { ...body, by: auditBy(actor, body.by) };
}
