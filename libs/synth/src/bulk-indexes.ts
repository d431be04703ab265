import type { QueryRunner } from 'typeorm';

/** A secondary index or foreign key as the catalog defines it, to be replayed after a bulk load. */
export interface DroppedDefinition {
  kind: 'index' | 'foreign-key';
  table: string;
  name: string;
  /** The replay statement, built from pg_get_indexdef / pg_get_constraintdef at drop time. */
  sql: string;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Bulk-load helper: drops the secondary indexes and foreign keys of `tables` and returns what it dropped, so
 * `recreateDropped` can replay exactly those definitions after the load. The definitions are read from the
 * catalog (pg_indexes / pg_constraint) at drop time, never written here, so they cannot drift from the
 * migrations. Must run in the loading transaction (with the load and the replay): DDL is transactional in
 * PostgreSQL, so a failed load — or a duplicate found when a unique index is rebuilt — rolls everything back,
 * and nobody ever sees the tables without their indexes (the drops hold ACCESS EXCLUSIVE locks until commit).
 *
 * Kept: primary keys and every other constraint-backed index (unique/exclusion constraints), which other
 * tables' foreign keys may reference; and any index a foreign key outside the dropped set depends on.
 * Dropped: foreign keys declared on `tables` and the plain (possibly unique or partial) indexes of `tables`.
 */
export async function dropSecondaryIndexes(q: QueryRunner, tables: readonly string[]): Promise<DroppedDefinition[]> {
  const fks = (await q.query(
    `SELECT c.conrelid::regclass::text AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
        AND c.conrelid::regclass::text = ANY($1)
      ORDER BY 1, 2`,
    [tables],
  )) as Array<{ table: string; name: string; def: string }>;
  const indexes = (await q.query(
    `SELECT i.tablename AS "table", i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
       JOIN pg_class ic ON ic.relname = i.indexname AND ic.relnamespace = current_schema()::regnamespace
       JOIN pg_index x ON x.indexrelid = ic.oid
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ic.oid AND k.conrelid = x.indrelid)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = ic.oid AND NOT (f.conrelid::regclass::text = ANY($1)))
      ORDER BY 1, 2`,
    [tables],
  )) as Array<{ table: string; name: string; def: string }>;
  const dropped: DroppedDefinition[] = [
    ...fks.map((f) => ({
      kind: 'foreign-key' as const,
      table: f.table,
      name: f.name,
      sql: `ALTER TABLE ${ident(f.table)} ADD CONSTRAINT ${ident(f.name)} ${f.def}`,
    })),
    ...indexes.map((i) => ({ kind: 'index' as const, table: i.table, name: i.name, sql: i.def })),
  ];
  for (const f of fks) await q.query(`ALTER TABLE ${ident(f.table)} DROP CONSTRAINT ${ident(f.name)}`);
  for (const i of indexes) await q.query(`DROP INDEX ${ident(i.name)}`);
  return dropped;
}

/** Replays what dropSecondaryIndexes dropped: indexes first (a foreign key may need one), then the foreign keys (validated). */
export async function recreateDropped(q: QueryRunner, dropped: readonly DroppedDefinition[]): Promise<void> {
  for (const d of dropped) if (d.kind === 'index') await q.query(d.sql);
  for (const d of dropped) if (d.kind === 'foreign-key') await q.query(d.sql);
}
