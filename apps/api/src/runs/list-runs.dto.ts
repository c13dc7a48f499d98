import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ID_PATTERN } from '@weft/dsl';
import { BUSINESS_KEY_MESSAGE, BUSINESS_KEY_PATTERN, RUN_ID_MESSAGE, RUN_ID_PATTERN } from './start-run.dto';
import { SCHEDULE_ID_PATTERN } from '../schedules/schedule.dto';

export const LISTED_STATUSES = [
  'RUNNING',
  'PAUSED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'TIMED_OUT',
] as const;

export class ListRunsDto {
  @ApiPropertyOptional({ description: 'Only runs of this flow.' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: '$property is not a flow id' })
  flowId?: string;

  @ApiPropertyOptional({ description: 'Only runs of this flow version.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: 'Only runs started by this schedule.' })
  @IsOptional()
  @IsString()
  @Matches(SCHEDULE_ID_PATTERN, { message: '$property is not a schedule id' })
  scheduleId?: string;

  @ApiPropertyOptional({ enum: LISTED_STATUSES })
  @IsOptional()
  @IsIn(LISTED_STATUSES, { message: `$property must be one of: ${LISTED_STATUSES.join(', ')}` })
  status?: (typeof LISTED_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only runs started at or after this instant (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedAfter?: string;

  @ApiPropertyOptional({ description: 'Only runs started before this instant (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedBefore?: string;

  @ApiPropertyOptional({ description: 'Only runs started with this business key.' })
  @IsOptional()
  @IsString()
  @Matches(BUSINESS_KEY_PATTERN, { message: BUSINESS_KEY_MESSAGE })
  businessKey?: string;

  @ApiPropertyOptional({ description: 'Only reruns of this run.' })
  @IsOptional()
  @IsString()
  @Matches(RUN_ID_PATTERN, { message: RUN_ID_MESSAGE })
  rerunOf?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;

  @ApiPropertyOptional({ description: 'nextPageToken of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  pageToken?: string;
}
