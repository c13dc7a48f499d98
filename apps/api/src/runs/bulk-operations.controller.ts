import { Body, Controller, HttpCode, HttpStatus, Param, ParseEnumPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { auditBy } from '../auth/audit-by';
import { RequireRole } from '../auth/roles';
import { BULK_OPERATIONS, BulkOperationDto, type BulkOperation } from './bulk-operations.dto';
import { BulkOperationsService } from './bulk-operations.service';

@ApiTags('operations')
@RequireRole('operator')
@Controller('runs/bulk')
export class BulkOperationsController {
  constructor(private readonly bulk: BulkOperationsService) {}

  @Post(':operation')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'operation', enum: BULK_OPERATIONS })
  @ApiOperation({
    summary:
      'Cancel, pause, resume or terminate every run a filter matches (open runs unless a status is given), reported per run; dryRun lists them only',
  })
  apply(
    @Param('operation', new ParseEnumPipe(Object.fromEntries(BULK_OPERATIONS.map((o) => [o, o]))))
    operation: BulkOperation,
    @Body() body: BulkOperationDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.bulk.apply(operation, body, auditBy(actor, body.by));
  }
}
