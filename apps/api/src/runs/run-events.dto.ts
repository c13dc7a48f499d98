import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RunEventsDto {
  @ApiPropertyOptional({ description: 'How often the state is read, in milliseconds. @default 500' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(10_000)
  intervalMs?: number;
}
