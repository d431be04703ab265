import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { bootstrapLog, ConfigError, DatabaseRoleError, loadConfig, prepareDatabaseRoles } from '@eid/core';
import { WorkerModule } from './worker.module';

/**
 * A separate worker process (production: any number of them beside the API). It needs a shared database, so
 * DATABASE_URL is required here; the embedded default runs the workers inside the API process instead.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError([
      'DATABASE_URL is required for a separate worker process (the embedded default runs workers inside `npm start`)',
    ]);
  // Grants as the owner (the API migrates); jobs run as the restricted role (docs/security.md).
  const roles = await prepareDatabaseRoles(config, config.databaseUrl, false);
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register({ config, databaseUrl: roles.appUrl, runMigrations: false }),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('Worker started', 'worker');
}

main().catch((e) => {
  const log = bootstrapLog('worker');
  if (e instanceof ConfigError || e instanceof DatabaseRoleError) log.error(e.message);
  else log.error('Worker start failed', e);
  process.exit(1);
});
