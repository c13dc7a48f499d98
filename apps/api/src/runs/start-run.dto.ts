import { ApiPropertyOptional } from '@nestjs/swagger';
import { FreeForm } from '../flows/dto';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';

export class StartRunDto {
  @ApiPropertyOptional({
    description: "Run inputs, checked against the flow's inputs schema.",
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  @FreeForm()
  inputs?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Flow version to run. @default the latest' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: 'Run id to use (idempotency key); a run with this id is never started twice.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, {
    message: '$property may hold only letters, digits, ".", "_", ":" and "-"',
  })
  runId?: string;

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
