import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stream } from 'exceljs';
import { Cell, OutputColumn, TableSink, TableWriter } from './table-writer';

/**
 * One sheet per table through exceljs's streaming writer; every row is committed at once, and shared strings and
 * styles are off — with them a 100k-row sheet takes 3× the time and memory (TOOLCHAIN.md).
 */
export class XlsxWriter implements TableWriter {
  private readonly wb: stream.xlsx.WorkbookWriter;
  private readonly done: Promise<void>;
  private readonly usedNames = new Set<string>();

  constructor(out: Writable) {
    this.wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.done = finished(out);
  }

  async table(name: string, columns: OutputColumn[]): Promise<TableSink> {
    const ws = this.wb.addWorksheet(this.sheetName(name));
    ws.addRow(columns.map((c) => c.name)).commit();
    return {
      write: (row: Cell[]) => ws.addRow(row).commit(),
      end: async () => ws.commit(),
    };
  }

  async finish(): Promise<void> {
    await this.wb.commit();
    await this.done;
  }

  /** Excel sheet names: at most 31 characters, unique. */
  private sheetName(name: string): string {
    let n = name.slice(0, 31);
    for (let i = 2; this.usedNames.has(n); i++) n = `${name.slice(0, 28)}_${i}`;
    this.usedNames.add(n);
    return n;
  }
}
