import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { COMPONENT_PATTERN } from '../identifiers';
import type { DurationInput, TaskNodeDefinition } from '../types';
import { BooleanField, DurationField, IdField, ObjectField, TextField } from './fields';
import { RetryPolicyDto } from './retry-policy.dto';

export const NODE_TYPES = ['task'] as const;

/** Fields every node has; also what a node of an unknown type is read as, so its `type` is reported. */
export class NodeDto {
  @IdField('Unique id of the node in its flow.')
  id!: string;

  @ApiProperty({ enum: NODE_TYPES })
  @IsIn(NODE_TYPES, { message: `$property must be one of: ${NODE_TYPES.join(', ')}` })
  type!: string;

  @TextField('Display name.', { max: 200 })
  name?: string;

  @TextField('What the node is for.')
  description?: string;
}

export class TaskNodeDto extends NodeDto implements TaskNodeDefinition {
  declare type: 'task';

  @ApiProperty({ description: 'Component to run, e.g. "http.request".', pattern: COMPONENT_PATTERN.source })
  @IsString()
  @Matches(COMPONENT_PATTERN, { message: '$property must be a dotted component name such as "http.request"' })
  component!: string;

  @ObjectField('Inputs passed to the component.')
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({ type: RetryPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicyDto)
  retry?: RetryPolicyDto;

  @DurationField('Per-attempt (start-to-close) timeout.')
  timeout?: DurationInput;

  @DurationField('Longest time between heartbeats before an attempt is failed.')
  heartbeat?: DurationInput;

  @ApiPropertyOptional({ description: 'Task queue of the worker that runs this component.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  taskQueue?: string;

  @BooleanField('Run as a local activity (short, cheap components).')
  local?: boolean;
}
