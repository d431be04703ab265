import { randomUUID } from 'node:crypto';
import { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { SqlParams } from '@eid/core';
import { persistedColumns } from '../common/entity-json';

/**
 * A new eCRF row as one `INSERT … RETURNING *` built from the entity's TypeORM metadata, so the caller can send
 * it together with its audit row in one statement (AuditService.recordAlongside). The id is chosen here (a v4
 * UUID, as the column default would), so the audit row can name the record before it exists. Columns left
 * undefined take their database default; version starts at 1 as TypeORM's @VersionColumn does.
 */
export function recordInsert<T extends ObjectLiteral>(
  em: EntityManager,
  entity: new () => T,
  candidate: T,
): { sql: string; params: unknown[] } {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const pk = meta.primaryColumns[0];
  if (pk.getEntityValue(candidate) === undefined) pk.setEntityValue(candidate, randomUUID());
  if (meta.versionColumn && meta.versionColumn.getEntityValue(candidate) === undefined) meta.versionColumn.setEntityValue(candidate, 1);
  const names: string[] = [];
  const placeholders: string[] = [];
  const params = new SqlParams();
  for (const col of persistedColumns(meta)) {
    let value = col.getEntityValue(candidate);
    if (value === undefined && col.default !== undefined && !col.isCreateDate && !col.isUpdateDate) {
      // The value the column default gives, set on the entity as `save` would (and as the audit row records it).
      value = defaultValue(meta, col);
      col.setEntityValue(candidate, value);
    }
    if (value === undefined) continue;
    names.push(`"${col.databaseName}"`);
    placeholders.push(params.add(driver.preparePersistentValue(value, col)));
  }
  return {
    sql: `INSERT INTO "${meta.tableName}" (${names.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING *`,
    params: params.values,
  };
}

/** Literal defaults as they are; the SQL-expression defaults the forms use ('{}' arrays, '[]' jsonb) as []. */
function defaultValue(meta: EntityMetadata, col: ColumnMetadata): unknown {
  if (typeof col.default !== 'function') return col.default;
  const sql = String((col.default as () => string)());
  if (sql === "'{}'" || sql === "'[]'") return [];
  throw new Error(`${meta.tableName}.${col.databaseName}: recordInsert cannot tell the value of the default ${sql}; set it on the entity`);
}
