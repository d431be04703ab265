import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreOptions } from '@eid/core';
import { featureModules } from './platform-modules';

/** The platform's services without HTTP edges (no health route, no web app): for the CLI's application context. */
@Module({})
export class PlatformModule {
  static register(options: CoreOptions): DynamicModule {
    return { module: PlatformModule, imports: [CoreModule.forRoot(options), ...featureModules()] };
  }
}
