import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  COMPONENT_PATTERN,
  NODE_TYPES,
  LIMITS,
  type ApprovalNodeDefinition,
  type ForeachNodeDefinition,
  type GraphDefinition,
  type LoopNodeDefinition,
  type NodeDefinition,
  type DurationInput,
  type EndNodeDefinition,
  type FailNodeDefinition,
  type OnError,
  type SetNodeDefinition,
  type SubflowNodeDefinition,
  type SwitchNodeDefinition,
  type TaskNodeDefinition,
  type WaitNodeDefinition,
} from '@weft/dsl';
import { EdgeDto } from './edge.dto';
import {
  AnyField,
  BooleanField,
  DurationField,
  IdField,
  IntField,
  ObjectField,
  TextField,
  TemplatedDurationField,
} from './fields';
import { RetryPolicyDto } from './retry-policy.dto';

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

  @BooleanField('Pause before the node starts, until an operator resumes or skips it.')
  breakpoint?: boolean;
}

export class TaskNodeDto extends NodeDto implements TaskNodeDefinition {
  declare type: 'task';

  @ApiProperty({ description: 'Component to run, e.g. "http.request".', pattern: COMPONENT_PATTERN.source })
  @IsString()
  @Matches(COMPONENT_PATTERN, { message: '$property must be a dotted component name such as "http.request"' })
  component!: string;

  @ObjectField('Inputs passed to the component; strings may hold ${expressions}.')
  inputs?: Record<string, unknown>;

  @ObjectField('Variables set from the result: { "name": "${output.field}" }.')
  outputs?: Record<string, unknown>;

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

  @IntField('Task-queue priority: 1 runs first, 5 last.', 1, 5)
  priority?: number;

  @ApiPropertyOptional({ enum: ['fail', 'continue', 'pause'], default: 'fail' })
  @IsOptional()
  @IsIn(['fail', 'continue', 'pause'], { message: '$property must be one of: fail, continue, pause' })
  onError?: OnError;
}

export class SwitchNodeDto extends NodeDto implements SwitchNodeDefinition {
  declare type: 'switch';

  @ApiPropertyOptional({ enum: ['first', 'all'], default: 'first' })
  @IsOptional()
  @IsIn(['first', 'all'], { message: '$property must be one of: first, all' })
  mode?: 'first' | 'all';
}

export class SetNodeDto extends NodeDto implements SetNodeDefinition {
  declare type: 'set';

  @ObjectField('Variables to assign; values may hold ${expressions}.', { optional: false })
  assign!: Record<string, unknown>;
}

export class WaitNodeDto extends NodeDto implements WaitNodeDefinition {
  declare type: 'wait';

  @TemplatedDurationField('How long to wait.')
  duration?: DurationInput;

  @TextField('ISO-8601 instant to wait until; may be a ${expression}.', { max: 2000 })
  until?: string;
}

export class EndNodeDto extends NodeDto implements EndNodeDefinition {
  declare type: 'end';

  @AnyField('The run output; may hold ${expressions}.')
  output?: unknown;
}

export class FailNodeDto extends NodeDto implements FailNodeDefinition {
  declare type: 'fail';

  @TextField('Error message; may hold ${expressions}.', { optional: false, max: 2000 })
  message!: string;

  @TextField('Error type.', { max: 200 })
  errorType?: string;
}

export class ApprovalNodeDto extends NodeDto implements ApprovalNodeDefinition {
  declare type: 'approval';

  @ObjectField('JSON Schema of the payload approvers send.')
  schema?: Record<string, unknown>;

  @DurationField('How long to wait for a decision.')
  timeout?: DurationInput;

  @ApiPropertyOptional({ enum: ['approve', 'reject', 'fail'], default: 'fail' })
  @IsOptional()
  @IsIn(['approve', 'reject', 'fail'], { message: '$property must be one of: approve, reject, fail' })
  onTimeout?: 'approve' | 'reject' | 'fail';
}

export class SubflowNodeDto extends NodeDto implements SubflowNodeDefinition {
  declare type: 'subflow';

  @IdField('Id of the flow to run as a child.')
  flow!: string;

  @IntField('Version of that flow. Default: its latest when this flow is published.', 1, 1_000_000)
  version?: number;

  @ObjectField('Inputs of the child run; may hold ${expressions}.')
  inputs?: Record<string, unknown>;

  @ObjectField('Variables set from the child output: { "name": "${output.field}" }.')
  outputs?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ['fail', 'continue', 'pause'], default: 'fail' })
  @IsOptional()
  @IsIn(['fail', 'continue', 'pause'], { message: '$property must be one of: fail, continue, pause' })
  onError?: OnError;
}

const BODY_NODE_DTOS: { value: new () => NodeDto; name: string }[] = [];

export class GraphDto implements GraphDefinition {
  @ApiProperty({
    description: 'Nodes of the body, same types as a flow has.',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.maxNodes)
  @ValidateNested({ each: true })
  @Type(() => NodeDto, {
    discriminator: { property: 'type', subTypes: BODY_NODE_DTOS },
    keepDiscriminatorProperty: true,
  })
  nodes!: NodeDefinition[];

  @ApiPropertyOptional({ type: [EdgeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.maxNodes * 10)
  @ValidateNested({ each: true })
  @Type(() => EdgeDto)
  edges?: EdgeDto[];
}

export class LoopNodeDto extends NodeDto implements LoopNodeDefinition {
  declare type: 'loop';

  @ApiProperty({ type: GraphDto })
  @IsObject()
  @ValidateNested()
  @Type(() => GraphDto)
  body!: GraphDto;

  @TextField('Condition checked after each iteration (JSONata, bare or as ${...}); the loop stops when false.', {
    max: 5000,
  })
  while?: string;

  @ApiProperty({ minimum: 1, maximum: LIMITS.maxLoopIterations })
  @IsInt()
  @Min(1)
  @Max(LIMITS.maxLoopIterations)
  maxIterations!: number;

  @ObjectField('Variables set from the loop result: { "name": "${output.iterations}" }.')
  outputs?: Record<string, unknown>;
}

export class ForeachNodeDto extends NodeDto implements ForeachNodeDefinition {
  declare type: 'foreach';

  @TextField('Expression giving the list, e.g. "${inputs.orders}".', { optional: false, max: 5000 })
  items!: string;

  @ApiProperty({ type: GraphDto })
  @IsObject()
  @ValidateNested()
  @Type(() => GraphDto)
  body!: GraphDto;

  @IntField('Items in flight at once.', 1, 1000)
  concurrency?: number;

  @ApiPropertyOptional({ enum: ['fail', 'continue'], default: 'fail' })
  @IsOptional()
  @IsIn(['fail', 'continue'], { message: '$property must be one of: fail, continue' })
  onItemError?: 'fail' | 'continue';

  @ObjectField('Variables set from the result: { "name": "${output.outputs}" }.')
  outputs?: Record<string, unknown>;
}

/** The DTO class of each node type, for class-transformer's discriminator and the OpenAPI document. */
export const NODE_DTOS: { value: new () => NodeDto; name: (typeof NODE_TYPES)[number] }[] = [
  { value: TaskNodeDto, name: 'task' },
  { value: SwitchNodeDto, name: 'switch' },
  { value: SetNodeDto, name: 'set' },
  { value: WaitNodeDto, name: 'wait' },
  { value: EndNodeDto, name: 'end' },
  { value: FailNodeDto, name: 'fail' },
  { value: ApprovalNodeDto, name: 'approval' },
  { value: SubflowNodeDto, name: 'subflow' },
  { value: LoopNodeDto, name: 'loop' },
  { value: ForeachNodeDto, name: 'foreach' },
];

// Loop bodies hold any node type, loops included, so their discriminator list is filled once every class exists.
BODY_NODE_DTOS.push(...NODE_DTOS);
