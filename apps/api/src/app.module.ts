import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreOptions } from '@eid/core';
import { HealthModule } from './health/health.module';
import { featureModules, workerModules } from '@eid/platform';
import { WebModule } from './web/web.module';

/** The HTTP application: the shared core, health, every feature module, and (one-command start) the workers. */
@Module({})
export class AppModule {
  static register(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        HealthModule,
        ...featureModules(),
        // Serves the web app at /; it hooks in after every API route is mounted (web/web.module.ts).
        WebModule,
        ...(options.config.runWorkers ? workerModules() : []),
      ],
    };
  }
}
