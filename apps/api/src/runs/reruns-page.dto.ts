import { PickType } from '@nestjs/swagger';
import { ListRunsDto } from './list-runs.dto';

export class RerunsPageDto extends PickType(ListRunsDto, ['pageSize', 'pageToken'] as const) {}
