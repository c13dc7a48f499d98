import { Body, Controller, Get, Headers, Param, Post, Query, Res, HttpStatus } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../auth/roles';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { RerunDto } from './rerun.dto';
import { RerunService } from './rerun.service';
import { RerunsPageDto } from './reruns-page.dto';

@ApiTags('runs')
@Controller('runs/:runId')
export class RerunController {
  constructor(private readonly reruns: RerunService) {}

  @Post('rerun')
  @RequireRole('operator')
  @ApiOperation({
    summary:
      "Rerun from a node: a new run of the source run's flow version that takes the outputs of the nodes upstream of `fromNode` that succeeded as given, and runs `fromNode` and the rest again, with the source's inputs or new ones",
  })
  @ApiHeader({ name: IDEMPOTENCY_HEADER, required: false, description: 'Same as the `idempotencyKey` field.' })
  async rerun(
    @Param('runId') runId: string,
    @Body() body: RerunDto,
    @Headers(IDEMPOTENCY_HEADER.toLowerCase()) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const started = await this.reruns.rerun(runId, body, idempotencyKey);
    res.status(started.created ? HttpStatus.CREATED : HttpStatus.OK);
    return started;
  }

  @Get('reruns')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The reruns of a run (from Temporal visibility, which lags a moment behind starts)' })
  list(@Param('runId') runId: string, @Query() page: RerunsPageDto) {
    return this.reruns.reruns(runId, page.pageSize, page.pageToken);
  }
}
