import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// TypeORM CLI entry (npm run migration:generate|run|revert). Needs DATABASE_URL: start the app once on
// the embedded default and use postgres://postgres:postgres@127.0.0.1:54329/eid, or your own server.
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL must be set for the TypeORM CLI (see README → Migrations)');
}
export default new DataSource(dataSourceOptions(url));
