import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyHealth } from './dependency-health';
import { HealthController } from './health.controller';

/** GET /health, /health/live and /health/ready through @nestjs/terminus. */
@Module({
  // An unhealthy check answers 503 and the request log says so; terminus's own error log would repeat it.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DependencyHealth],
})
export class HealthModule {}
