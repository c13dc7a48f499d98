import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LIMITS, type DurationInput, type FlowDefaults, type FlowDefinition, type NodeDefinition } from '@weft/dsl';
import { EdgeDto } from './edge.dto';
import { AnyField, DurationField, IdField, IntField, ObjectField, TextField } from './fields';
import { NODE_DTOS, NodeDto } from './node.dto';
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

  @IntField('Task-queue priority of task nodes: 1 runs first, 5 last.', 1, 5)
  priority?: number;
}

/** Nodes in one graph: the top level, or one loop or foreach body. */
export const MAX_NODES = LIMITS.maxNodes;

@ApiExtraModels(...NODE_DTOS.map(({ value }) => value))
export class FlowDefinitionDto implements FlowDefinition {
  @ApiPropertyOptional({ description: 'The JSON Schema editors check the file against; ignored (not stored).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  $schema?: string;

  @IdField('Flow id; publishing the same id again creates the next version.')
  id!: string;

  @TextField('Display name.', { max: 200 })
  name?: string;

  @TextField('What the flow does.')
  description?: string;

  @ObjectField('JSON Schema of the run inputs.')
  inputs?: Record<string, unknown>;

  @ObjectField('Initial values of the run variables.')
  variables?: Record<string, unknown>;

  @DurationField('Longest a run may take before it ends TIMED_OUT.')
  timeout?: DurationInput;

  @AnyField('The run output; may hold ${expressions}. Default: every node output by id.')
  output?: unknown;

  @ApiPropertyOptional({ type: FlowDefaultsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FlowDefaultsDto)
  defaults?: FlowDefaultsDto;

  @ApiProperty({ type: 'array', items: { oneOf: NODE_DTOS.map(({ value }) => ({ $ref: getSchemaPath(value) })) } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_NODES)
  @ValidateNested({ each: true })
  @Type(() => NodeDto, {
    discriminator: { property: 'type', subTypes: NODE_DTOS },
    keepDiscriminatorProperty: true,
  })
  nodes!: NodeDefinition[];

  @ApiPropertyOptional({ type: [EdgeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_NODES * 10)
  @ValidateNested({ each: true })
  @Type(() => EdgeDto)
  edges?: EdgeDto[];
}
