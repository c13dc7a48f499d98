import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireRole } from '../auth/roles';
import { CreateWebhookDto, ListDeliveriesDto, RotateSecretDto, UpdateWebhookDto } from './webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('webhooks')
  @RequireRole('admin')
  @ApiOperation({
    summary:
      'Subscribe a URL to run and node events of one flow (or all); the answer holds the signing secret, shown only this once',
  })
  create(@Body() body: CreateWebhookDto, @CurrentActor() actor: Actor) {
    return this.webhooks.create(body, actor.name);
  }

  @Get('webhooks')
  @RequireRole('admin')
  @ApiOperation({ summary: 'List webhook subscriptions (without their secrets)' })
  list() {
    return this.webhooks.list();
  }

  @Get('webhooks/:id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'One webhook subscription (without its secret)' })
  get(@Param('id') id: string) {
    return this.webhooks.get(id);
  }

  @Patch('webhooks/:id')
  @RequireRole('admin')
  @ApiOperation({ summary: "Change a subscription's URL, events or description, or enable/disable it" })
  update(@Param('id') id: string, @Body() body: UpdateWebhookDto) {
    return this.webhooks.update(id, body);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Delete a subscription and its deliveries' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Post('webhooks/:id/rotate-secret')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Replace the signing secret (given, or generated); the answer shows it this once' })
  rotateSecret(@Param('id') id: string, @Body() body: RotateSecretDto) {
    return this.webhooks.rotateSecret(id, body.secret);
  }

  @Get('webhooks/:id/deliveries')
  @RequireRole('viewer')
  @ApiOperation({ summary: "A subscription's deliveries, newest first (at most 500): status, attempts, last answer" })
  deliveries(@Param('id') id: string, @Query() filter: ListDeliveriesDto) {
    return this.webhooks.deliveries(id, filter);
  }

  @Get('runs/:runId/deliveries')
  @RequireRole('viewer')
  @ApiOperation({ summary: "A run's webhook deliveries to every subscriber, in the run's event order" })
  runDeliveries(@Param('runId') runId: string) {
    return this.webhooks.runDeliveries(runId);
  }
}
