import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles';
import { DependencyHealth } from './dependency-health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyHealth,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The API, Temporal and the database (503 when Temporal or the database does not answer)' })
  check(@Res({ passthrough: true }) res: Response) {
    return this.run(res, [() => this.dependencies.temporal(), () => this.dependencies.database()]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (for a restart probe; never looks at Temporal)' })
  live(@Res({ passthrough: true }) res: Response) {
    return this.run(res, []);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: whether to route requests here (503 while Temporal or the database is down)' })
  ready(@Res({ passthrough: true }) res: Response) {
    return this.run(res, [() => this.dependencies.temporal(), () => this.dependencies.database()]);
  }

  /** Terminus's result, 200 or 503, with a `temporal` summary kept from the API's first health check. */
  private async run(res: Response, indicators: HealthIndicatorFunction[]) {
    let result: HealthCheckResult;
    try {
      result = await this.health.check(indicators);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      result = err.getResponse() as HealthCheckResult;
    }
    const temporal = result.details.temporal as Record<string, unknown> | undefined;
    if (!temporal) return result;
    const { status, ...rest } = temporal;
    return { ...result, temporal: { ...rest, reachable: status === 'up' } };
  }
}
