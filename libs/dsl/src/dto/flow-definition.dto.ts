import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { DurationInput, FlowDefaults, FlowDefinition } from '../types';
import { EdgeDto } from './edge.dto';
import { DurationField, IdField, ObjectField, TextField } from './fields';
import { NodeDto, TaskNodeDto } from './node.dto';
import { RetryPolicyDto } from './retry-policy.dto';

export class FlowDefaultsDto implements FlowDefaults {
  @ApiPropertyOptional({ type: RetryPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetryPolicyDto)
  retry?: RetryPolicyDto;

  @DurationField('Per-attempt timeout of task nodes.')
  timeout?: DurationInput;

  @ApiPropertyOptional({ description: 'Task queue of task nodes that name none.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  taskQueue?: string;
}

export const MAX_NODES = 5000;

export class FlowDefinitionDto implements FlowDefinition {
  @IdField('Flow id; publishing the same id again creates the next version.')
  id!: string;

  @TextField('Display name.', { max: 200 })
  name?: string;

  @TextField('What the flow does.')
  description?: string;

  @ObjectField('JSON Schema of the run inputs.')
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({ type: FlowDefaultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FlowDefaultsDto)
  defaults?: FlowDefaultsDto;

  @ApiProperty({ type: [TaskNodeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_NODES)
  @ValidateNested({ each: true })
  @Type(() => NodeDto, {
    discriminator: { property: 'type', subTypes: [{ value: TaskNodeDto, name: 'task' }] },
    keepDiscriminatorProperty: true,
  })
  nodes!: TaskNodeDto[];

  @ApiPropertyOptional({ type: [EdgeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NODES * 10)
  @ValidateNested({ each: true })
  @Type(() => EdgeDto)
  edges?: EdgeDto[];
}
