import { Module, type DynamicModule } from '@nestjs/common';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config';
import { WorkerService } from './worker.service';

@Module({})
export class WorkerModule {
  /** The worker app with the settings main.ts read (and used for the Temporal runtime) before Nest started. */
  static withConfig(config: WorkerConfig): DynamicModule {
    return { module: WorkerModule, providers: [{ provide: WORKER_CONFIG, useValue: config }, WorkerService] };
  }
}
