import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { routePattern } from '../metrics/route-pattern';
import { redactUrl } from './redact-url';
import { requestId } from './request-id';

/** Probes and scrapes come every few seconds: their successes are debug lines, not info. */
const QUIET = /^\/(metrics|health)(\/|\?|$)/;

/** 4xx are the caller's business (warn), 5xx ours (error). */
function customLogLevel(req: IncomingMessage, res: ServerResponse, err?: Error) {
  if (err || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return QUIET.test(req.url ?? '') ? 'debug' : 'info';
}

/**
 * JSON logs through pino: one line per request (method, url, route, status, duration, request id), and the
 * application's own logs carry the id of the request they were made in. Headers are never logged: they hold keys;
 * neither is a key passed in the URL.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestId,
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
          serializers: {
            req: (req: { method?: string; url?: string }) => ({ method: req.method, url: redactUrl(req.url) }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
          customSuccessObject: (req: IncomingMessage, _res: ServerResponse, value: object) => ({
            ...value,
            route: routePattern(req),
          }),
          customErrorObject: (req: IncomingMessage, _res: ServerResponse, _err: Error, value: object) => ({
            ...value,
            route: routePattern(req),
          }),
          customLogLevel,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
