import { VariableType } from '../dataset/variable';

export type Cell = string | number | null;

export interface OutputColumn {
  name: string;
  type: VariableType;
}

/** Rows of one table, written in order; `write` resolves when the sink can take more (backpressure). */
export interface TableSink {
  write(row: Cell[]): void | Promise<void>;
  end(): Promise<void>;
}

/** A tabular export file (CSV zip, XLSX): tables one after another, each streamed row by row. */
export interface TableWriter {
  table(name: string, columns: OutputColumn[]): Promise<TableSink>;
  finish(): Promise<void>;
}
