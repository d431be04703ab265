// Which feature modules make up the platform: one list for the API, the worker and the CLI.
export * from './platform-modules';
export * from './platform.module';
