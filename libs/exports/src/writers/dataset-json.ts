import { DatasetTable, VariableType } from '../dataset/variable';
import { itemOidOf } from '../dataset/oids';
import { Cell, OutputColumn } from './table-writer';

/** Dataset-JSON 1.1 column metadata (cdisc-dataset-json-1.1 schema, `Column`), in the specification's attribute order. */
export interface DatasetJsonColumn {
  itemOID: string;
  name: string;
  label: string;
  dataType: 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime';
  targetDataType?: 'decimal';
  keySequence?: number;
}

export type DatasetJsonValue = string | number | boolean | null;

/**
 * Codebook type → Dataset-JSON 1.1 type ("Supported Column Data Type Combinations" of the specification): text is
 * `string`; integer `integer`; float is PostgreSQL numeric, so `decimal` exchanged as a string with targetDataType
 * `decimal` (no binary rounding); date/datetime ISO 8601 strings; boolean JSON true/false.
 */
const DATA_TYPES: Record<VariableType, DatasetJsonColumn['dataType']> = {
  text: 'string',
  integer: 'integer',
  float: 'decimal',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
};

/** Participant key first (the internal id when it is exported, else the pseudonymous code), then the row's own key. */
const PARTICIPANT_KEYS = ['participant_id', 'participant_code'];
const ROW_KEYS = ['record_id', 'id', 'seq', 'number', 'visit_number'];
const CODEBOOK_KEYS = ['table', 'variable'];

/** The key variables of a table, in key order: what identifies one of its rows. */
export function datasetJsonKeys(table: string, names: string[], kind?: DatasetTable['kind']): string[] {
  if (table === 'codebook') return CODEBOOK_KEYS.filter((k) => names.includes(k));
  const participant = kind === 'study' ? undefined : PARTICIPANT_KEYS.find((k) => names.includes(k));
  const row = ROW_KEYS.find((k) => names.includes(k));
  return [participant, row].filter((k): k is string => !!k);
}

export function datasetJsonColumns(table: string, columns: OutputColumn[], kind?: DatasetTable['kind']): DatasetJsonColumn[] {
  const keys = datasetJsonKeys(
    table,
    columns.map((c) => c.name),
    kind,
  );
  return columns.map((c) => {
    const dataType = DATA_TYPES[c.type];
    const key = keys.indexOf(c.name);
    return {
      itemOID: itemOidOf(table, c.name),
      name: c.name,
      label: c.label ?? c.name,
      dataType,
      ...(dataType === 'decimal' ? { targetDataType: 'decimal' as const } : {}),
      ...(key >= 0 ? { keySequence: key + 1 } : {}),
    };
  });
}

/** Per-column conversion of a formatted row (codes 1/0 for booleans, numbers for decimals) to Dataset-JSON values. */
export function datasetJsonConverter(dataType: DatasetJsonColumn['dataType']): (v: Cell) => DatasetJsonValue {
  switch (dataType) {
    case 'boolean':
      return (v) => (v === 1 ? true : v === 0 ? false : v);
    case 'decimal':
      return (v) => (typeof v === 'number' ? String(v) : v);
    default:
      return (v) => v;
  }
}
