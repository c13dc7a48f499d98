import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreeForm, ObjectField } from '../flows/dto';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** Why, kept in the run's audit trail with who asked: the caller's API key (`by` counts only with auth off). */
export class OperatorDto {
  @ApiPropertyOptional({
    description:
      "Ignored when auth is on: the audit trail records the caller's API key (`key:<name>`). With WEFT_AUTH=off, who asks (else `anonymous`).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  by?: string;

  @ApiPropertyOptional({ description: 'Why (kept in the audit trail).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RetryNodeDto extends OperatorDto {
  @ObjectField('New inputs for the node; its old ones when omitted.')
  inputs?: Record<string, unknown>;
}

export class SkipNodeDto extends OperatorDto {
  @ApiPropertyOptional({ description: 'The output the node is taken to have produced (null when omitted).' })
  @IsOptional()
  @FreeForm()
  output?: unknown;
}

export class ApprovalDto extends OperatorDto {
  @ApiPropertyOptional({ description: "Checked against the approval node's schema." })
  @IsOptional()
  @FreeForm()
  payload?: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class SetVariablesDto extends OperatorDto {
  @ApiProperty({ description: 'Values of declared variables, by name.', type: 'object', additionalProperties: true })
  @IsObject()
  @FreeForm()
  vars!: Record<string, unknown>;
}
