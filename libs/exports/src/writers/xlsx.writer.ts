import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stream } from 'exceljs';
import { Cell, OutputColumn, TableSink, TableWriter } from './table-writer';

/**
 * One sheet per table through exceljs's streaming writer; every row is committed at once, and shared strings and
 * styles are off — with them a 100k-row sheet takes 3× the time and memory (TOOLCHAIN.md). Backpressure: exceljs
 * never says no, so after each committed row the writer looks at the file stream it zips into and, when that
 * is over its high-water mark, waits for 'drain' before taking the next row — a slow disk stops the cursor
 * instead of growing exceljs's buffers.
 */
export class XlsxWriter implements TableWriter {
  private readonly wb: stream.xlsx.WorkbookWriter;
  private readonly done: Promise<void>;
  private readonly usedNames = new Set<string>();

  constructor(private readonly out: Writable) {
    this.wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.done = finished(out);
  }

  async table(name: string, columns: OutputColumn[]): Promise<TableSink> {
    const ws = this.wb.addWorksheet(this.sheetName(name));
    ws.addRow(columns.map((c) => c.name)).commit();
    return {
      write: (row: Cell[]) => {
        ws.addRow(row).commit();
        if (this.out.writableNeedDrain) return this.drained();
      },
      end: async () => ws.commit(),
    };
  }

  async finish(): Promise<void> {
    await this.wb.commit();
    await this.done;
  }

  private async drained(): Promise<void> {
    await once(this.out, 'drain');
  }

  /** Excel sheet names: at most 31 characters, unique. */
  private sheetName(name: string): string {
    let n = name.slice(0, 31);
    for (let i = 2; this.usedNames.has(n); i++) n = `${name.slice(0, 28)}_${i}`;
    this.usedNames.add(n);
    return n;
  }
}
