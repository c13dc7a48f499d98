import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_CONFIG, type ApiConfig } from './config/api-config';
import { assignRequestId } from './logging/request-id';
import { refuseUnnameableRequests } from './problems/unnameable-requests';

/**
 * What main.ts and the tests both apply to the Nest app: the body limit (WEFT_MAX_BODY, 5mb by default: enough
 * for flows of thousands of nodes), OpenAPI at /docs with its API-key scheme, shutdown hooks.
 */
export function configureApp(app: INestApplication): INestApplication {
  const { maxBody } = app.get<ApiConfig>(API_CONFIG);
  // First of all, so a body the parser refuses (413, malformed JSON) is answered and logged with its request id.
  app.use(assignRequestId);
  app.use(refuseUnnameableRequests);
  (app as NestExpressApplication).useBodyParser('json', { limit: maxBody });
  const config = new DocumentBuilder()
    .setTitle('Weft')
    .setDescription('Durable flow orchestration on Temporal: flows, versions and runs.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: weft_<id>_<secret>' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs/json' });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
