import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN, ID_RULE, isDuration } from '@weft/dsl';
import { ObjectField } from '../flows/dto';

export const SCHEDULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const OVERLAP_POLICIES = [
  'SKIP',
  'BUFFER_ONE',
  'BUFFER_ALL',
  'CANCEL_OTHER',
  'TERMINATE_OTHER',
  'ALLOW_ALL',
] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

const Duration =
  (description: string, required = false) =>
  (target: object, key: string | symbol) => {
    (required ? ApiProperty : ApiPropertyOptional)({
      description: `${description} Milliseconds, or a string like "500ms", "30s", "5m", "2h", "1d".`,
      oneOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', example: '30s' },
      ],
    })(target, key);
    if (!required) IsOptional()(target, key);
    ValidateBy({
      name: 'isDuration',
      validator: {
        validate: isDuration,
        defaultMessage: () => '$property must be a duration such as 500, "30s" or "5m"',
      },
    })(target, key);
  };

const Overlap = (description: string) => (target: object, key: string | symbol) => {
  ApiPropertyOptional({ description, enum: OVERLAP_POLICIES })(target, key);
  IsOptional()(target, key);
  IsIn(OVERLAP_POLICIES, { message: `$property must be one of: ${OVERLAP_POLICIES.join(', ')}` })(target, key);
};

export class IntervalDto {
  @Duration('How often (at least 1s; Temporal rounds to whole seconds).', true)
  every!: number | string;

  @Duration('Shift from the epoch-aligned times (less than `every`).')
  offset?: number | string;
}

export class ScheduleSpecDto {
  @ApiPropertyOptional({
    description:
      'Cron expressions: 5 fields (minute hour day-of-month month day-of-week), 6 (…year) or 7 (second first), or @daily-style shorthands.',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  cron?: string[];

  @ApiPropertyOptional({ type: [IntervalDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IntervalDto)
  intervals?: IntervalDto[];

  @ApiPropertyOptional({ description: 'IANA time zone of the cron expressions, e.g. Europe/Paris. @default UTC' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timezone?: string;

  @Duration('Each action is delayed by a random amount up to this.')
  jitter?: number | string;

  @ApiPropertyOptional({ description: 'No action before this instant (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startAt?: string;

  @ApiPropertyOptional({ description: 'No action after this instant (ISO-8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endAt?: string;
}

/** What a schedule's creation and update share. */
class ScheduleSettingsDto {
  @ApiPropertyOptional({ description: 'Pin this flow version; null follows the latest version at each update.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;

  @ObjectField("Inputs of every run, checked against the flow's inputs schema.")
  inputs?: Record<string, unknown>;

  @Overlap('What happens when an action is due while the previous run is still open. @default SKIP')
  overlap?: OverlapPolicy;

  @Duration('After an outage, how late a missed action may still be taken. @default 1 year')
  catchupWindow?: number | string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/** What may change in a schedule (pausing has its own endpoints). */
export class UpdateScheduleDto extends ScheduleSettingsDto {
  @ApiPropertyOptional({ type: ScheduleSpecDto, description: 'Replaces the whole spec.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleSpecDto)
  spec?: ScheduleSpecDto;
}

export class CreateScheduleDto extends ScheduleSettingsDto {
  @ApiProperty({
    description: "The schedule id (also the prefix of its runs' ids).",
    pattern: SCHEDULE_ID_PATTERN.source,
  })
  @IsString()
  @Matches(SCHEDULE_ID_PATTERN, { message: '$property may hold only letters, digits, ".", "_" and "-" (at most 100)' })
  id!: string;

  @ApiProperty({ pattern: ID_PATTERN.source })
  @IsString()
  @Matches(ID_PATTERN, { message: `$property ${ID_RULE}` })
  flowId!: string;

  @ApiProperty({ type: ScheduleSpecDto })
  @ValidateNested()
  @Type(() => ScheduleSpecDto)
  spec!: ScheduleSpecDto;

  @ApiPropertyOptional({ description: 'Create it paused.' })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ description: 'A note on its state (why it is paused, for example).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ScheduleNoteDto {
  @ApiPropertyOptional({ description: "Why (kept as the schedule's note, shown in the Temporal UI)." })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class TriggerScheduleDto {
  @Overlap('Overlap policy for this one action. @default ALLOW_ALL')
  overlap?: OverlapPolicy;
}

export class BackfillScheduleDto {
  @ApiProperty({ description: 'Take the actions due from this instant (ISO-8601)…' })
  @IsISO8601({ strict: true })
  start!: string;

  @ApiProperty({ description: '…to this one, as if that time were passing now.' })
  @IsISO8601({ strict: true })
  end!: string;

  @Overlap("Overlap policy for the backfilled actions. @default the schedule's")
  overlap?: OverlapPolicy;
}

export class ListSchedulesDto {
  @ApiPropertyOptional({ description: 'Only schedules of this flow.' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: '$property is not a flow id' })
  flowId?: string;
}

export class NextTimesDto {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  count?: number;
}
