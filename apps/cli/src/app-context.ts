import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, resolveDatabase, ResolvedDatabase } from '@eid/core';
import { AppModule } from '../../api/src/app.module';

/**
 * The application's services without an HTTP server, for CLI commands that touch the database
 * (create-admin, seed-demo, synth). Same modules, same migrations, same audit trail as the API.
 */
export async function withAppContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(), runWorkers: false, seedDemo: false, logLevel: 'warn' as const };
  const database: ResolvedDatabase = await resolveDatabase(config, (m) => process.stderr.write(`[eid] ${m}\n`));
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: database.url, runMigrations: config.runMigrations }), {
    logger: ['error', 'warn'],
  });
  try {
    return await work(app);
  } finally {
    await app.close();
    await database.embedded?.stop();
  }
}
