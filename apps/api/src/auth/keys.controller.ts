import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from './actor';
import { ApiKeysService } from './api-keys.service';
import { CreateKeyDto } from './create-key.dto';
import { RequireRole } from './roles';

@ApiTags('keys')
@Controller()
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post('keys')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Make an API key; the answer holds the key in full, shown this once only' })
  create(@Body() body: CreateKeyDto, @CurrentActor() actor: Actor) {
    return this.keys.create(body, actor);
  }

  @Get('keys')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Every key, revoked ones too, without secrets' })
  list() {
    return this.keys.list();
  }

  @Delete('keys/:id')
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Revoke a key: refused at once by this replica, by the others within 10 s (they trust a checked key that long)',
  })
  revoke(@Param('id') id: string) {
    return this.keys.revoke(id);
  }

  @Get('me')
  @RequireRole('viewer')
  @ApiOperation({ summary: "The caller's identity: key id, name as the audit trail records it, and role" })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
