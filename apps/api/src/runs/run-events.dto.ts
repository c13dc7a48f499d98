import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class RunEventsDto {
  @ApiPropertyOptional({ description: 'How often the state is read, in milliseconds. @default 500' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(10_000)
  intervalMs?: number;

  @ApiPropertyOptional({
    description:
      'The API key, for clients that cannot send headers (a browser EventSource); only this route reads it here.',
  })
  @IsOptional()
  @IsString()
  access_token?: string;
}
