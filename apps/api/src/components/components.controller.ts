import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireRole } from '../auth/roles';
import { ComponentRegistry } from './component-registry';
import { RegisterComponentDto } from './register-component.dto';

@ApiTags('components')
@Controller('components')
export class ComponentsController {
  constructor(private readonly registry: ComponentRegistry) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: 'Components flows can use: language, task queue, schemas, and whether a worker serves them now',
  })
  list() {
    return this.registry.list();
  }

  // Admin: a registration decides what flows may publish and where their tasks go, as much as publishing does.
  @Put(':name')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Register a component a worker serves (its language, task queue and schemas); the last one wins',
  })
  register(@Param('name') name: string, @Body() body: RegisterComponentDto, @CurrentActor() actor: Actor) {
    return this.registry.register(name, body, actor.name);
  }

  @Delete(':name')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Forget a registration (a retired worker); versions published before keep their routing' })
  async unregister(@Param('name') name: string): Promise<void> {
    await this.registry.unregister(name);
  }
}
