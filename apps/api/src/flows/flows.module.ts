import { Module } from '@nestjs/common';
import { componentCatalogProvider } from './component-catalog.provider';
import { FlowRepository } from './flow-repository';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';

@Module({
  controllers: [FlowsController],
  providers: [FlowsService, FlowRepository, componentCatalogProvider],
  exports: [FlowsService],
})
export class FlowsModule {}
