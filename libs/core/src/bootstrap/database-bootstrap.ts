import { AppConfig } from '../config/app-config';
import { DatabaseRoles, prepareDatabase } from '../database/app-role';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded-postgres';

export interface ResolvedDatabase {
  /** The owner's URL (DATABASE_URL, or the embedded server's superuser). */
  url: string;
  embedded?: EmbeddedDatabase;
}

/** DATABASE_URL set → that server; unset → the embedded PostgreSQL under DATA_DIR (started here). */
export async function resolveDatabase(config: AppConfig, log: (msg: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  return { url: embedded.url, embedded };
}

/**
 * Migrate as the owner (unless `runMigrations` is false) and return the restricted role's URL the process
 * serves with (docs/security.md → Threat model).
 */
export function prepareDatabaseRoles(config: AppConfig, ownerUrl: string, runMigrations: boolean): Promise<DatabaseRoles> {
  return prepareDatabase({
    ownerUrl,
    appUrl: config.databaseAppUrl,
    runMigrations,
    queueOnPostgres: !config.redisUrl,
    secret: config.jwtRefreshSecret,
  });
}
