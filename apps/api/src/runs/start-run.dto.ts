import { ApiPropertyOptional } from '@nestjs/swagger';
import { ObjectField } from '../flows/dto';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { PRIORITY_NAMES, PRIORITY_VALUES, type PriorityName } from './run-priority';

/** Run ids and idempotency keys: what a Temporal workflow id may safely be, in URLs too. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
export const RUN_ID_MESSAGE = '$property may hold only letters, digits, ".", "_", ":" and "-" (at most 200)';

/** Business keys: 1 to 200 characters, none of them a quote, a backslash or a control character (they go into visibility queries). */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const BUSINESS_KEY_PATTERN = /^[^'"\\\u0000-\u001f\u007f]{1,200}$/;
export const BUSINESS_KEY_MESSAGE =
  '$property must be 1 to 200 characters without quotes, backslashes or control characters';

/** What every way of starting a run accepts: a new run and a rerun from a node. */
export class RunStartOptionsDto {
  @ApiPropertyOptional({
    description:
      'Run id to use; a run with this id is never started twice (409 if it exists, unless it was started with the same idempotencyKey).',
  })
  @IsOptional()
  @IsString()
  @Matches(RUN_ID_PATTERN, { message: RUN_ID_MESSAGE })
  runId?: string;

  @ApiPropertyOptional({
    description:
      'The same key never starts two runs of a flow: a repeated request answers 200 with the run the key started. Also accepted as the `Idempotency-Key` header.',
  })
  @IsOptional()
  @IsString()
  @Matches(RUN_ID_PATTERN, { message: RUN_ID_MESSAGE })
  idempotencyKey?: string;

  @ApiPropertyOptional({
    description: 'A key of your own to find the run by (`GET /runs?businessKey=`).',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Matches(BUSINESS_KEY_PATTERN, { message: BUSINESS_KEY_MESSAGE })
  businessKey?: string;

  @ApiPropertyOptional({
    description: `Dispatch priority: ${Object.entries(PRIORITY_NAMES)
      .map(([name, key]) => `${name} (${key})`)
      .join(', ')}, or a Temporal priority key from 1 (first) to 5 (last). @default NORMAL`,
    oneOf: [{ enum: Object.keys(PRIORITY_NAMES) }, { type: 'integer', minimum: 1, maximum: 5 }],
  })
  @IsOptional()
  @IsIn(PRIORITY_VALUES, { message: `$property must be one of ${PRIORITY_VALUES.join(', ')}` })
  priority?: PriorityName | number;

  @ApiPropertyOptional({
    description: 'Ids of nodes to pause before they start, on top of the breakpoints the definition sets.',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  breakpoints?: string[];
}

export class StartRunDto extends RunStartOptionsDto {
  @ObjectField("Run inputs, checked against the flow's inputs schema.")
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Flow version to run. @default the latest' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
