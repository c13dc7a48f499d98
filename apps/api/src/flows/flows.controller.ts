import { Body, Controller, Get, HttpStatus, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FlowDefinitionDto } from './dto';
import type { Response } from 'express';
import { FlowsService } from './flows.service';

@ApiTags('flows')
@Controller()
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post('flows')
  @ApiOperation({ summary: 'Validate and publish a flow definition as its next version (200 if unchanged)' })
  @ApiBody({ type: FlowDefinitionDto })
  publish(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { flow, created } = this.flows.publish(body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { id: flow.id, version: flow.version, createdAt: flow.createdAt, created, definition: flow.definition };
  }

  @Get('flows')
  @ApiOperation({ summary: 'List flows (latest version of each)' })
  list() {
    return this.flows
      .list()
      .map(({ id, version, createdAt, definition }) => ({ id, version, createdAt, name: definition.name }));
  }

  @Get('flows/:id')
  @ApiOperation({ summary: 'Latest version of a flow' })
  latest(@Param('id') id: string) {
    return this.flows.get(id);
  }

  @Get('flows/:id/versions')
  @ApiOperation({ summary: 'All versions of a flow' })
  versions(@Param('id') id: string) {
    return this.flows.versions(id).map(({ version, createdAt }) => ({ id, version, createdAt }));
  }

  @Get('flows/:id/versions/:version')
  @ApiOperation({ summary: 'One version of a flow' })
  version(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    return this.flows.get(id, version);
  }

  @Get('components')
  @ApiTags('components')
  @ApiOperation({ summary: 'Components flows can use, with their input and output schemas' })
  components() {
    return this.flows.components();
  }
}
