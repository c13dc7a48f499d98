import { ApiProperty } from '@nestjs/swagger';
import { ID_PATTERN } from '@weft/dsl';
import { IsString, Matches } from 'class-validator';
import { ObjectField } from '../flows/dto';
import { RunStartOptionsDto } from './start-run.dto';

export class RerunDto extends RunStartOptionsDto {
  @ApiProperty({
    description:
      'The node to run from: it and everything downstream of it run again; the outputs of the nodes upstream of it that succeeded in the source run are taken as given.',
  })
  @IsString()
  @Matches(ID_PATTERN, { message: '$property is not a node id' })
  fromNode!: string;

  @ObjectField("New run inputs, checked against the flow's inputs schema. @default the source run's inputs")
  inputs?: Record<string, unknown>;
}
