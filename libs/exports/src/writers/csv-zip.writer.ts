import { once } from 'node:events';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LfToCrlf } from '../run/csv-copy';
import { csvLine } from './csv';
import { Cell, OutputColumn, TableSink, TableWriter } from './table-writer';
import { ZipArchive } from './zip-archive';

/** Excel opens UTF-8 CSV correctly only with a byte-order mark; R (fileEncoding = "UTF-8-BOM") and pandas skip it. */
const BOM = '\uFEFF';
const CHUNK_CHARS = 64 * 1024;

/** One CSV per table inside a zip, streamed row by row with backpressure (ZipArchive). */
export class CsvZipWriter implements TableWriter {
  readonly zip: ZipArchive;

  constructor(out: Writable) {
    this.zip = new ZipArchive(out);
  }

  async table(name: string, columns: OutputColumn[]): Promise<TableSink> {
    const { entry, header } = this.entry(name, columns);
    let buffer = header;
    const flush = async () => {
      const ok = entry.write(buffer);
      buffer = '';
      if (!ok) await once(entry, 'drain');
    };
    return {
      write: (row: Cell[]) => {
        buffer += csvLine(row);
        if (buffer.length >= CHUNK_CHARS) return flush();
      },
      end: async () => {
        if (buffer) await flush();
        entry.end();
      },
    };
  }

  /** A table whose CSV lines come ready-made (COPY … TO STDOUT, see csv-copy.ts), with LF line ends. */
  async copied(name: string, columns: OutputColumn[], lines: Readable, onRows?: (rows: number) => void): Promise<void> {
    const { entry, header } = this.entry(name, columns);
    entry.write(header);
    await pipeline(lines, new LfToCrlf(onRows), entry);
  }

  private entry(name: string, columns: OutputColumn[]): { entry: PassThrough; header: string } {
    return { entry: this.zip.entry(`${name}.csv`), header: BOM + csvLine(columns.map((c) => c.name)) };
  }

  async finish(): Promise<void> {
    await this.zip.finish();
  }
}
