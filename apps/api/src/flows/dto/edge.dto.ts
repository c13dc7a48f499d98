import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { EdgeDefinition, EdgeOn } from '@weft/dsl';
import { IdField, TextField } from './fields';

export class EdgeDto implements EdgeDefinition {
  @IdField('Id of the node the edge leaves.')
  from!: string;

  @IdField('Id of the node the edge enters.')
  to!: string;

  @TextField('Condition (JSONata, bare or as ${...}); the edge is taken only when it holds.', { max: 5000 })
  when?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure', 'always'], default: 'success' })
  @IsOptional()
  @IsIn(['success', 'failure', 'always'], { message: '$property must be one of: success, failure, always' })
  on?: EdgeOn;
}
