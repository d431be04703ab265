import type { QueryRunner } from 'typeorm';

/** A column of a bulk insert: its SQL name and the PostgreSQL type its values are sent as. */
export interface BulkColumn {
  name: string;
  type: 'uuid' | 'text' | 'date' | 'int' | 'numeric' | 'bool' | 'jsonb' | 'text[]' | 'timestamptz' | 'bigint';
}

/**
 * One multi-row INSERT per table and batch: every column travels as one array parameter and `unnest`
 * turns them back into rows (a few parameters instead of rows × columns, no 65 535-parameter limit).
 * jsonb and text[] values are sent as their text form and cast, since unnest would flatten nested arrays.
 */
export async function bulkInsert(q: QueryRunner, table: string, columns: BulkColumn[], rows: unknown[][]): Promise<number> {
  if (rows.length === 0) return 0;
  const params = columns.map((c, i) => rows.map((r) => encode(c, r[i])));
  const arg = (c: BulkColumn, i: number) => {
    const sendAs = c.type === 'jsonb' || c.type === 'text[]' ? 'text' : c.type;
    return `$${i + 1}::${sendAs}[]`;
  };
  const select = columns.map((c, i) => (c.type === 'jsonb' || c.type === 'text[]' ? `c${i}::${c.type}` : `c${i}`)).join(', ');
  const alias = columns.map((_, i) => `c${i}`).join(', ');
  await q.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) SELECT ${select} FROM unnest(${columns.map(arg).join(', ')}) AS u(${alias})`, params);
  return rows.length;
}

function encode(c: BulkColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (c.type === 'jsonb') return JSON.stringify(v);
  if (c.type === 'text[]') return `{${(v as string[]).map((s) => `"${s.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
  return v;
}
