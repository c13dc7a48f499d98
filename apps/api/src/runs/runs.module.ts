import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({ imports: [FlowsModule], controllers: [RunsController], providers: [RunsService] })
export class RunsModule {}
