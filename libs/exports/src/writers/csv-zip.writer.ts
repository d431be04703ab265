import { once } from 'node:events';
import { PassThrough, Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { LfToCrlf } from '../run/csv-copy';
import { csvLine } from './csv';
import { Cell, OutputColumn, TableSink, TableWriter } from './table-writer';

/** Excel opens UTF-8 CSV correctly only with a byte-order mark; R (fileEncoding = "UTF-8-BOM") and pandas skip it. */
const BOM = '\uFEFF';
const CHUNK_CHARS = 64 * 1024;

/**
 * One CSV per table inside a zip, streamed: yazl reads the entries one after another, and each entry is a stream
 * fed row by row with backpressure, so no table is ever held in memory.
 */
export class CsvZipWriter implements TableWriter {
  private readonly zip = new ZipFile();
  private readonly done: Promise<void>;

  constructor(out: Writable) {
    this.zip.outputStream.pipe(out);
    this.done = finished(out);
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
    const entry = new PassThrough({ highWaterMark: 256 * 1024 });
    // Level 1: CSV compresses about 8× even at the fastest level; the export is CPU-bound, not disk-bound.
    this.zip.addReadStream(entry, `${name}.csv`, { compressionLevel: 1 } as never);
    return { entry, header: BOM + csvLine(columns.map((c) => c.name)) };
  }

  async finish(): Promise<void> {
    this.zip.end();
    await this.done;
  }
}
