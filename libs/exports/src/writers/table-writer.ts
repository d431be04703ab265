import { DatasetTable, VariableType } from '../dataset/variable';

export type Cell = string | number | null;

export interface OutputColumn {
  name: string;
  type: VariableType;
  /** The codebook label (Dataset-JSON carries it per column). */
  label?: string;
}

/** What a writer may want to know about a table before its rows: Dataset-JSON states label and row count first. */
export interface TableInfo {
  label: string;
  /** Rows that will be written (counted in the export's snapshot). */
  records: number;
  /** 'study': rows are not per participant (audit trail), so the participant is no part of the key. */
  kind?: DatasetTable['kind'];
}

/** Rows of one table, written in order; `write` resolves when the sink can take more (backpressure). */
export interface TableSink {
  /** The row is handed over: the sink may convert it in place (callers pass a fresh array per row). */
  write(row: Cell[]): void | Promise<void>;
  end(): Promise<void>;
}

/** A tabular export file (CSV zip, XLSX): tables one after another, each streamed row by row. */
export interface TableWriter {
  table(name: string, columns: OutputColumn[], info?: TableInfo): Promise<TableSink>;
  finish(): Promise<void>;
}
