import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import { AppConfig } from '../config/app-config';

/** Queue names shared by the API (producers) and the worker (consumers). */
export const QUEUES = { exports: 'exports', maintenance: 'maintenance', auditVerification: 'audit-verification' } as const;

export type QueueBackend = 'redis' | 'postgres';

/**
 * REDIS_URL set → Redis; unset → BullMQ's PostgreSQL backend on the app's own database, so the embedded
 * default needs nothing beyond npm. @nestjs/bullmq builds its classes with BullMQ's default factory, so the
 * factory is chosen here, before any queue exists (TOOLCHAIN.md gotcha). The queue schema is migrated by the
 * database owner at start (prepareDatabase); the restricted application role only uses it (`migrate` only
 * for a module that migrates itself as the owner, e.g. the benches).
 */
export function queueConnection(
  config: Pick<AppConfig, 'redisUrl'>,
  databaseUrl: string,
  migrate = false,
): { backend: QueueBackend; connection: object } {
  if (config.redisUrl) {
    setDefaultBackendFactory(undefined);
    const u = new URL(config.redisUrl);
    return {
      backend: 'redis',
      connection: {
        host: u.hostname,
        port: Number(u.port || 6379),
        username: u.username || undefined,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
        tls: u.protocol === 'rediss:' ? {} : undefined,
        maxRetriesPerRequest: null,
      },
    };
  }
  setDefaultBackendFactory(createPostgresBackend as never);
  return { backend: 'postgres', connection: { connectionString: databaseUrl, schema: 'bullmq', migrate } };
}
