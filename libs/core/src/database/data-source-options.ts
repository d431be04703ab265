import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import './calendar-date-parser';

/** `read committed`, escaped for libpq's `options` (a space inside a -c value is written `\\ `). */
const DEFAULT_ISOLATION_OPTION = 'read\\ committed';

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
    // READ COMMITTED is set once per connection, not per transaction: TransactionService starts its default
    // (READ COMMITTED) transactions with a bare START TRANSACTION — one round trip less per unit of work.
    extra: { max: 20, options: `-c default_transaction_isolation=${DEFAULT_ISOLATION_OPTION}` },
    ...extra,
  } as DataSourceOptions;
}
