import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LfToCrlf } from '../run/csv-copy';
import { csvLine } from './csv';
import { Cell, OutputColumn, TableSink, TableWriter } from './table-writer';
import { ZipArchive } from './zip-archive';

/** Excel opens UTF-8 CSV correctly only with a byte-order mark; R (fileEncoding = "UTF-8-BOM") and pandas skip it. */
const BOM = '\uFEFF';

/** One CSV per table inside a zip, streamed row by row with backpressure (ZipArchive). */
export class CsvZipWriter implements TableWriter {
  readonly zip: ZipArchive;

  constructor(out: Writable) {
    this.zip = new ZipArchive(out);
  }

  async table(name: string, columns: OutputColumn[]): Promise<TableSink> {
    const entry = this.zip.bufferedEntry(`${name}.csv`, this.header(columns));
    return { write: (row: Cell[]) => entry.append(csvLine(row)), end: () => entry.end() };
  }

  /** A table whose CSV lines come ready-made (COPY … TO STDOUT, see csv-copy.ts), with LF line ends. */
  async copied(name: string, columns: OutputColumn[], lines: Readable, onRows?: (rows: number) => void): Promise<void> {
    const entry = this.zip.entry(`${name}.csv`);
    entry.write(this.header(columns));
    await pipeline(lines, new LfToCrlf(onRows), entry);
  }

  private header(columns: OutputColumn[]): string {
    return BOM + csvLine(columns.map((c) => c.name));
  }

  async finish(): Promise<void> {
    await this.zip.finish();
  }
}
