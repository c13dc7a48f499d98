import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** What main.ts and the tests both apply to the Nest app: OpenAPI at /docs, shutdown hooks. */
export function configureApp(app: INestApplication): INestApplication {
  const config = new DocumentBuilder()
    .setTitle('Weft')
    .setDescription('Durable flow orchestration on Temporal: flows, versions and runs.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs/json' });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
