import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ObjectField, TextField } from '../flows/dto/fields';

/** What a component worker tells the control plane about one component it serves. */
export class RegisterComponentDto {
  @ApiProperty({ description: 'Language of the worker serving it.', example: 'python' })
  @IsString()
  @Matches(/^[a-z][a-z0-9+#-]{0,31}$/, { message: '$property must be a lower-case language name such as "python"' })
  language!: string;

  @ApiProperty({ description: 'Task queue the worker polls: tasks of this component are routed there.' })
  @IsString()
  @MaxLength(200)
  @Matches(/^\S+$/, { message: '$property must be a task queue name without spaces' })
  taskQueue!: string;

  @ApiProperty({ description: "The worker's Temporal identity, e.g. pid@host.", example: '4242@build-box' })
  @IsString()
  @MaxLength(200)
  @MinLength(1)
  workerIdentity!: string;

  @TextField('What the component does.', { max: 1000 })
  description?: string;

  @ObjectField('JSON Schema of the inputs, checked when a flow is published and when the task runs.', {
    optional: false,
  })
  inputSchema!: Record<string, unknown>;

  @ObjectField('JSON Schema of the output.')
  outputSchema?: Record<string, unknown>;
}
