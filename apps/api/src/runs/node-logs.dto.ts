import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class NodeLogsQueryDto {
  @ApiPropertyOptional({ description: 'Only this attempt of the node (from 1).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  attempt?: number;
}
