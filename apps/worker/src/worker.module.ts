import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreOptions } from '@eid/core';
import { workerModules } from '@eid/platform';

/** Queue consumers only, no HTTP server: scale by running more worker processes. */
@Module({})
export class WorkerModule {
  static register(options: CoreOptions): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(options), ...workerModules()] };
  }
}
