import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { TemporalEnv } from '@weft/interpreter';
import type { Response } from 'express';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the API and its reach to Temporal (503 when Temporal does not answer)' })
  async check(@Res({ passthrough: true }) res: Response) {
    const temporal = { address: this.env.address, namespace: this.env.namespace, reachable: true } as {
      address: string;
      namespace: string;
      reachable: boolean;
      error?: string;
    };
    try {
      await this.client.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
        this.client.workflowService.describeNamespace({ namespace: this.env.namespace }),
      );
    } catch (err) {
      temporal.reachable = false;
      temporal.error = (err as Error).message;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
    }
    return { status: temporal.reachable ? 'ok' : 'degraded', temporal };
  }
}
