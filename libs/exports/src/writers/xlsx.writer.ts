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
 * instead of growing exceljs's buffers. The file is not the only place rows pile up: the sheet's buffer
 * (exceljs StreamBuf) is piped into archiver without backpressure, so when deflate is slower than the cursor
 * (a busy CPU) the rows wait in the zip entry's input stream; the writer waits for that stream to drain too.
 * Measured on the 10k×5y trial under a loaded CPU: peak RSS 877–905 MB without this wait.
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
    // archiver wraps the sheet's stream as soon as exceljs appends it (addWorksheet): look it up once per sheet.
    const deflating = zipEntryInput(ws);
    return {
      write: (row: Cell[]) => {
        ws.addRow(row).commit();
        if (deflating && needsDrain(deflating)) return once(deflating, 'drain').then(() => undefined);
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

/**
 * The stream archiver reads the sheet's XML from (exceljs 4.4 internals: the worksheet's StreamBuf `stream` pipes
 * into archiver's entry input, a readable-stream 2 PassThrough, `pipes[0]`, writing without looking at the return
 * value). That PassThrough predates `writableNeedDrain`, so its `_writableState.needDrain` is read. Undefined if
 * the internals ever change — the writer then falls back to the file stream's backpressure alone.
 */
function zipEntryInput(ws: unknown): Writable | undefined {
  const pipes = (ws as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const input = (Array.isArray(pipes) ? pipes[0] : undefined) as (Writable & { _writableState?: { needDrain?: boolean } }) | undefined;
  return input && typeof input.once === 'function' && input._writableState ? input : undefined;
}

function needsDrain(w: Writable & { _writableState?: { needDrain?: boolean } }): boolean {
  return w._writableState?.needDrain === true;
}
