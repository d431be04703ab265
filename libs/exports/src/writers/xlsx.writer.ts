import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stream } from 'exceljs';
import { Cell, OutputColumn, TableSink, TableWriter } from './table-writer';
import { continuationSheetName, XLSX_MAX_DATA_ROWS, XLSX_STYLES, xlsxCellConverter, xlsxColumnWidth, XlsxValue, xlsxStyleOf } from './xlsx-cells';

type Worksheet = ReturnType<stream.xlsx.WorkbookWriter['addWorksheet']>;

export interface XlsxWriterOptions {
  /** Data rows per sheet before the table continues on `<name>_2` (Excel's limit; smaller in tests). */
  maxDataRowsPerSheet?: number;
}

/**
 * One sheet per table through exceljs's streaming writer; every row is committed at once. Styles are on (dates
 * carry a number format, the header is bold and frozen) but shared strings are off — with them a 100k-row sheet
 * takes 3× the time and memory (TOOLCHAIN.md). Every cell gets one of a few shared style objects (xlsx-cells.ts),
 * so styling costs an identity lookup per cell. A table longer than Excel's 1,048,576 rows continues on numbered
 * sheets, header repeated; the codebook names them (xlsxSheetNames).
 *
 * Backpressure: exceljs never says no, so after each committed row the writer looks at the file stream it zips
 * into and, when that is over its high-water mark, waits for 'drain' before taking the next row — a slow disk
 * stops the cursor instead of growing exceljs's buffers. The file is not the only place rows pile up: the sheet's
 * buffer (exceljs StreamBuf) is piped into archiver without backpressure, so when deflate is slower than the
 * cursor (a busy CPU) the rows wait in the zip entry's input stream; the writer waits for that stream to drain
 * too. Measured on the 10k×5y trial under a loaded CPU: peak RSS 877–905 MB without this wait.
 */
export class XlsxWriter implements TableWriter {
  private readonly wb: stream.xlsx.WorkbookWriter;
  private readonly done: Promise<void>;
  private readonly usedNames = new Set<string>();
  private readonly maxRows: number;

  constructor(
    private readonly out: Writable,
    options: XlsxWriterOptions = {},
  ) {
    this.wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    this.done = finished(out);
    this.maxRows = options.maxDataRowsPerSheet ?? XLSX_MAX_DATA_ROWS;
  }

  async table(name: string, columns: OutputColumn[]): Promise<TableSink> {
    const convert = columns.map((c) => xlsxCellConverter(c.type));
    const styles = columns.map((c) => xlsxStyleOf(c.type));
    const n = columns.length;
    let part = 1;
    let rowsInSheet = 0;
    let sheet = this.sheet(name, columns);
    return {
      write: (row: Cell[]) => {
        if (rowsInSheet === this.maxRows) {
          sheet.ws.commit();
          sheet = this.sheet(continuationSheetName(name, ++part), columns);
          rowsInSheet = 0;
        }
        // Converted in place (the row is the formatter's fresh array: one allocation less per row, and peak RSS is
        // close to its limit). Empty values are left out (no cell at all); every index stays assigned, so exceljs
        // starts at column A.
        const values = row as Array<XlsxValue | undefined>;
        for (let i = 0; i < n; i++) values[i] = row[i] === null ? undefined : convert[i](row[i]);
        const r = sheet.ws.addRow(values);
        for (let i = 0; i < n; i++) if (values[i] !== undefined) r.getCell(i + 1).style = styles[i] as never;
        r.commit();
        rowsInSheet++;
        if (sheet.deflating && needsDrain(sheet.deflating)) return once(sheet.deflating, 'drain').then(() => undefined);
        if (this.out.writableNeedDrain) return this.drained();
      },
      end: async () => sheet.ws.commit(),
    };
  }

  async finish(): Promise<void> {
    await this.wb.commit();
    await this.done;
  }

  private sheet(name: string, columns: OutputColumn[]): { ws: Worksheet; deflating: Writable | undefined } {
    const ws = this.wb.addWorksheet(this.sheetName(name), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    ws.columns = columns.map((c) => ({ width: xlsxColumnWidth(c) }));
    const header = ws.addRow(columns.map((c) => c.name));
    header.eachCell((cell) => (cell.style = XLSX_STYLES.header as never));
    header.commit();
    // archiver wraps the sheet's stream as soon as exceljs appends it (addWorksheet): look it up once per sheet.
    return { ws, deflating: zipEntryInput(ws) };
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
