/** A column of a bulk-loaded table: its SQL name and the PostgreSQL type its values are encoded as. */
export interface BulkColumn {
  name: string;
  type: 'uuid' | 'text' | 'date' | 'int' | 'numeric' | 'bool' | 'jsonb' | 'text[]' | 'timestamptz' | 'bigint';
}
