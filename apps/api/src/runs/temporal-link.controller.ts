import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TemporalEnv } from '@weft/interpreter';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { RequireRole } from '../auth/roles';
import { TEMPORAL_ENV } from '../temporal/temporal.module';
import { temporalUiRunUrl } from './temporal-ui';

@ApiTags('runs')
@Controller('runs/:runId')
export class TemporalLinkController {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
  ) {}

  @Get('temporal-link')
  @RequireRole('viewer')
  @ApiOperation({
    summary: "The run's page in the Temporal Web UI (WEFT_TEMPORAL_UI_URL); the run need not exist to be linked",
  })
  link(@Param('runId') runId: string) {
    return { url: temporalUiRunUrl(this.config.temporalUiUrl, this.env.namespace, runId) };
  }
}
