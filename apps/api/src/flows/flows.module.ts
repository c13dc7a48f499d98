import { Module } from '@nestjs/common';
import { componentCatalogProvider } from './component-catalog.provider';
import { FlowRepository } from './flow-repository';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { SchemasController } from './schemas.controller';

@Module({
  controllers: [FlowsController, SchemasController],
  providers: [FlowsService, FlowRepository, componentCatalogProvider],
  exports: [FlowsService],
})
export class FlowsModule {}
