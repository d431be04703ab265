import { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Puts a row returned as `to_jsonb(row)` into `target` (column by column, through the driver's hydration and
 * each column's transformer): what `repository.save` leaves on the entity (defaults, timestamps, version).
 */
export function hydrateFromJson<T extends ObjectLiteral>(
  em: EntityManager,
  entity: new () => T,
  target: T,
  json: Record<string, unknown>,
): T {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  for (const col of persistedColumns(meta)) {
    if (!(col.databaseName in json)) continue;
    let raw = json[col.databaseName];
    // jsonb renders timestamptz as ISO text and numeric as a JSON number; the pg driver would give Date / string.
    if (raw !== null && (col.type === 'timestamptz' || col.type === 'timestamp with time zone' || col.isCreateDate || col.isUpdateDate))
      raw = new Date(raw as string);
    else if (raw !== null && col.type === 'numeric') raw = String(raw);
    else if (raw !== null && (col.type === 'jsonb' || col.type === 'json')) {
      col.setEntityValue(target, raw);
      continue;
    }
    col.setEntityValue(target, driver.prepareHydratedValue(raw, col));
  }
  return target;
}

const persisted = new WeakMap<EntityMetadata, ColumnMetadata[]>();

/** The entity's own table columns, once each (an explicit FK column and its relation share one database column). */
export function persistedColumns(meta: EntityMetadata): ColumnMetadata[] {
  let cols = persisted.get(meta);
  if (!cols) {
    const seen = new Set<string>();
    cols = meta.columns.filter(
      (c) => !c.isVirtual && !c.isVirtualProperty && c.databaseName && !seen.has(c.databaseName) && seen.add(c.databaseName) !== undefined,
    );
    persisted.set(meta, cols);
  }
  return cols;
}
