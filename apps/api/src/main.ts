import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  bootstrapLog,
  ConfigError,
  DatabaseRoleError,
  EmbeddedDatabaseError,
  loadConfig,
  prepareDatabaseRoles,
  resolveDatabase,
  takeOverShutdownSignals,
} from '@eid/core';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { afterStart } from './after-start';

const log = bootstrapLog('bootstrap');

async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string) => log.info(msg);
  const database = await resolveDatabase(config, say);
  // From here on this process owns shutdown: the application closes first (queue workers release their
  // connections), then the embedded database stops. A signal during start-up (demo seeding) is honoured too.
  takeOverShutdownSignals();
  let app: INestApplication | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal} received, shutting down`);
    let code = 0;
    try {
      await app?.close();
    } catch (e) {
      log.error('Shutdown failed', e);
      code = 1;
    }
    await database.embedded?.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void shutdown(signal));
  try {
    // Migrations and grants as the owner; every request then runs as the restricted role (docs/security.md).
    const roles = await prepareDatabaseRoles(config, database.url, config.runMigrations);
    app = await NestFactory.create(AppModule.register({ config, databaseUrl: roles.appUrl, runMigrations: false }), {
      bufferLogs: true,
    });
    configureApp(app, config);
    await afterStart(app, config, say);
    if (closing) return;
    await app.listen(config.port, config.host);
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    say(`API ready at http://${shown}:${config.port}/api  (OpenAPI: http://${shown}:${config.port}/api/docs)`);
  } catch (e) {
    if (closing) return;
    await database.embedded?.stop();
    throw e;
  }
}

main().catch((e) => {
  // Known start-up problems are explained by their message; anything else also carries its stack as a field.
  if (e instanceof ConfigError || e instanceof EmbeddedDatabaseError || e instanceof DatabaseRoleError) log.error(e.message);
  else log.error('Start failed', e);
  process.exit(1);
});
