import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ListRunsDto } from './list-runs.dto';
import { OperatorDto } from './operation.dto';

export const BULK_OPERATIONS = ['cancel', 'pause', 'resume', 'terminate'] as const;
export type BulkOperation = (typeof BULK_OPERATIONS)[number];

/** The filters of `GET /runs`; without a status, only open runs match (closed ones cannot be operated). */
export class BulkFilterDto extends OmitType(ListRunsDto, ['pageSize', 'pageToken'] as const) {}

export class BulkOperationDto extends OperatorDto {
  @ApiProperty({ type: BulkFilterDto, description: 'Which runs; at least one field (an empty filter is refused).' })
  @IsDefined()
  @ValidateNested()
  @Type(() => BulkFilterDto)
  filter!: BulkFilterDto;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000, description: 'At most this many runs.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'List the runs that match without operating them.' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
