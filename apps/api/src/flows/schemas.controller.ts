import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FLOW_JSON_SCHEMA } from '@weft/dsl';
import { Public } from '../auth/roles';

@ApiTags('flows')
@Controller('schemas')
export class SchemasController {
  @Get('flow.json')
  @Public()
  @Header('Content-Type', 'application/schema+json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'JSON Schema of the flow language, for editors: put "$schema": "<api>/schemas/flow.json" in a flow file',
  })
  flow() {
    return FLOW_JSON_SCHEMA;
  }
}
