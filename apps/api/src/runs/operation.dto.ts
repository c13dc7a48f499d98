import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

class OperatorDto {
  @ApiPropertyOptional({ description: 'Who asks (kept in the run state).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  by?: string;
}

export class RetryNodeDto extends OperatorDto {
  @ApiPropertyOptional({ description: 'New inputs for the node; its old ones when omitted.', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  inputs?: Record<string, unknown>;
}

export class SkipNodeDto extends OperatorDto {
  @ApiPropertyOptional({ description: 'The output the node is taken to have produced.' })
  @IsOptional()
  output?: unknown;
}

export class ApprovalDto extends OperatorDto {
  @ApiPropertyOptional({ description: "Checked against the approval node's schema." })
  @IsOptional()
  payload?: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class TerminateDto extends OperatorDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
