import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, prepareDatabaseRoles, resolveDatabase, ResolvedDatabase } from '@eid/core';
import { PlatformModule } from '@eid/platform';

/**
 * The application's services without an HTTP server, for CLI commands that touch the database
 * (create-admin, seed-demo, synth). Same modules, same migrations, same audit trail as the API. An operator's
 * tool: it runs with the owner's rights (the synthetic loader rebuilds indexes and vacuums); it serves no requests.
 */
export async function withAppContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = { ...loadConfig(), runWorkers: false, seedDemo: false, logLevel: 'warn' as const };
  const database: ResolvedDatabase = await resolveDatabase(config, (m) => process.stderr.write(`[eid] ${m}\n`));
  await prepareDatabaseRoles(config, database.url, config.runMigrations);
  const app = await NestFactory.createApplicationContext(
    PlatformModule.register({ config, databaseUrl: database.url, runMigrations: false }),
    {
      logger: ['error', 'warn'],
    },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
    await database.embedded?.stop();
  }
}
