import { Module } from '@nestjs/common';
import { ComponentRegistry } from './component-registry';
import { ComponentStore } from './component-store';
import { ComponentsController } from './components.controller';
import { QueuePollers } from './queue-pollers';

@Module({
  controllers: [ComponentsController],
  providers: [ComponentRegistry, ComponentStore, QueuePollers],
  exports: [ComponentRegistry],
})
export class ComponentsModule {}
