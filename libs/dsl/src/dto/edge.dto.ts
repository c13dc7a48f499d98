import type { EdgeDefinition } from '../types';
import { IdField } from './fields';

export class EdgeDto implements EdgeDefinition {
  @IdField('Id of the node the edge leaves.')
  from!: string;

  @IdField('Id of the node the edge enters.')
  to!: string;
}
