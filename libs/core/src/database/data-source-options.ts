import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Repository root, whether running from sources (ts-node, jest) or from `dist/` (same layout). */
const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The one description of the database, shared by the app, the tests and the TypeORM CLI.
 * Entities and migrations are found by file convention so that feature libs own their entities.
 * `synchronize` stays off: the schema comes only from reviewed migrations.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    entities: [join(ROOT, 'libs/*/src/**/*.entity.{ts,js}')],
    migrations: [join(ROOT, 'migrations/*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 20 },
    ...extra,
  } as DataSourceOptions;
}
