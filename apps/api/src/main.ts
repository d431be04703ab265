import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, EmbeddedDatabaseError, loadConfig, resolveDatabase } from '@eid/core';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { afterStart } from './after-start';

async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string) => console.log(`[eid] ${msg}`);
  const database = await resolveDatabase(config, say);
  let closing = false;
  try {
    const app = await NestFactory.create(AppModule.register({ config, databaseUrl: database.url, runMigrations: config.runMigrations }), {
      bufferLogs: true,
    });
    configureApp(app, config);
    await afterStart(app, config, say);
    await app.listen(config.port, config.host);
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    say(`API ready at http://${shown}:${config.port}/api  (OpenAPI: http://${shown}:${config.port}/api/docs)`);
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      say(`${signal} received, shutting down`);
      await app.close();
      await database.embedded?.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (e) {
    await database.embedded?.stop();
    throw e;
  }
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof EmbeddedDatabaseError) console.error(`[eid] ${e.message}`);
  else new NestLogger('bootstrap').error(e);
  process.exit(1);
});
