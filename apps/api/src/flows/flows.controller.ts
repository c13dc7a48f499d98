import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireRole } from '../auth/roles';
import { DeprecateVersionDto } from './dto/deprecate-version.dto';
import { DiffQueryDto } from './dto/diff-query.dto';
import { FlowDefinitionDto } from './dto';
import { FlowsService } from './flows.service';

@ApiTags('flows')
@Controller()
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post('flows')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Validate and publish a flow definition as its next version (200 if unchanged)' })
  @ApiBody({ type: FlowDefinitionDto })
  async publish(@Body() body: unknown, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { flow, created } = await this.flows.publish(body, actor.name);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    const { id, version, hash, createdAt, createdBy, definition } = flow;
    return { id, version, hash, createdAt, createdBy, created, definition };
  }

  @Post('flows/validate')
  @RequireRole('viewer')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Check a flow definition as publishing would, without publishing it' })
  @ApiBody({ type: FlowDefinitionDto })
  validate(@Body() body: unknown) {
    return this.flows.validate(body);
  }

  @Get('flows')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'List flows (latest version of each)' })
  list() {
    return this.flows.list();
  }

  @Get('flows/:id')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Latest version of a flow' })
  latest(@Param('id') id: string) {
    return this.flows.get(id);
  }

  @Delete('flows/:id')
  @RequireRole('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a flow and all its versions (409 while runs of it are open or schedules start it)' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.flows.delete(id);
  }

  @Get('flows/:id/versions')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'All versions of a flow, with their hashes, authors and deprecations' })
  versions(@Param('id') id: string) {
    return this.flows.versions(id);
  }

  @Get('flows/:id/versions/:version')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'One version of a flow' })
  version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    return this.flows.get(id, version);
  }

  @Get('flows/:id/versions/:version/diff')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'What changed in a version since another one (default: the previous one)' })
  diff(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @Query() query: DiffQueryDto) {
    return this.flows.diff(id, version, query.against);
  }

  @Post('flows/:id/versions/:version/deprecate')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deprecate a version: runs of it can no longer be started; open ones go on' })
  deprecate(
    @Param('id') id: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: DeprecateVersionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.flows.deprecate(id, version, actor.name, body.reason);
  }

  @Post('flows/:id/versions/:version/undeprecate')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Clear the deprecation of a version' })
  undeprecate(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    return this.flows.undeprecate(id, version);
  }
}
