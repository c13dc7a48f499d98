import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Large enough for flows of thousands of nodes. */
export const MAX_BODY = '5mb';

/** What main.ts and the tests both apply to the Nest app: body limit, OpenAPI at /docs, shutdown hooks. */
export function configureApp(app: INestApplication): INestApplication {
  (app as NestExpressApplication).useBodyParser('json', { limit: MAX_BODY });
  const config = new DocumentBuilder()
    .setTitle('Weft')
    .setDescription('Durable flow orchestration on Temporal: flows, versions and runs.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs/json' });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
