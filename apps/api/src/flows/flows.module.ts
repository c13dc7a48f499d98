import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { FlowRepository } from './flow-repository';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { SchemasController } from './schemas.controller';

@Module({
  imports: [ComponentsModule],
  controllers: [FlowsController, SchemasController],
  providers: [FlowsService, FlowRepository],
  exports: [FlowsService],
})
export class FlowsModule {}
