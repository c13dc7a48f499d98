import { Global, Module } from '@nestjs/common';
import { ControlWorker } from './control-worker';
import { RunNotifications } from './run-notifications';
import { WebhookDelivery } from './webhook-delivery';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions, their deliveries, and the worker that makes them. Global: run starts ask RunNotifications. */
@Global()
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookDelivery, RunNotifications, ControlWorker],
  exports: [RunNotifications],
})
export class WebhooksModule {}
