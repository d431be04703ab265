import { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** DATABASE_URL set → that server; unset → the embedded PostgreSQL under DATA_DIR (started here). */
export async function resolveDatabase(config: AppConfig, log: (msg: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  return { url: embedded.url, embedded };
}
