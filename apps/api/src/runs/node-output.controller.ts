import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { RequireRole } from '../auth/roles';
import { NodeOutputService } from './node-output.service';

@ApiTags('runs')
@Controller()
export class NodeOutputController {
  constructor(private readonly outputs: NodeOutputService) {}

  @Get('runs/:runId/nodes/:nodeId/output')
  @RequireRole('viewer')
  @ApiProduces('application/json')
  @ApiOperation({
    summary:
      "A node's whole output as JSON: a value reference ($weftRef, over 16 MiB) read from the blob store, a value the run shows by its size read from its history",
  })
  async output(@Param('runId') runId: string, @Param('nodeId') nodeId: string, @Res() res: Response) {
    const { bytes, json } = await this.outputs.output(runId, nodeId);
    res.status(200).type('application/json').setHeader('Content-Length', bytes);
    // A store failing mid-way can only cut the response short (the status is sent): the client sees a short body.
    await pipeline(json, res).catch(() => res.destroy());
  }
}
