import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { AccessGuard } from './access.guard';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysStore } from './api-keys.store';
import { FirstStart } from './first-start';
import { KeysController } from './keys.controller';
import { KeyVerifier } from './key-verifier';
import { rateLimitOptions, RateLimitGuard } from './rate-limit';

/** API keys and roles, enforced on every route by one global guard, and the rate limit per key. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => rateLimitOptions(config),
    }),
  ],
  controllers: [KeysController],
  providers: [
    ApiKeysStore,
    ApiKeysService,
    KeyVerifier,
    FirstStart,
    RateLimitGuard,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AuthModule {}
